import { describeOutputContract } from './output-contract.test-util';
import { SqliteOutputStore } from './sqlite-output-store';
import { tempFileHarness } from './temp-dir.test-util';

describeOutputContract('SqliteOutputStore', tempFileHarness((path, cap: number) => SqliteOutputStore.open(path, cap)));
