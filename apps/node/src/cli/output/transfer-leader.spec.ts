import { create } from '@bufbuild/protobuf';
import { TransferLeadershipResponseSchema } from '@sched/rpc/gen';
import { renderJson } from '../format/json';
import { outcomeJson } from './outcome';
import { transferJson, transferTable } from './transfer-leader';

it('transfer-leader table and JSON (REF §1.8)', () => {
  const response = create(TransferLeadershipResponseSchema, { success: true, message: 'Leadership transferred to node 2', newLeaderId: 2n });
  expect(transferTable(response)).toBe('Leadership transferred successfully!\nNew leader: Node 2\n');
  expect(renderJson(transferJson(response))).toBe(
    '{\n  "success": true,\n  "message": "Leadership transferred to node 2",\n  "new_leader_id": 2\n}\n',
  );
});

it('cancel / drain / undrain JSON (REF §1.4, §1.9)', () => {
  expect(renderJson(outcomeJson({ success: true, message: 'Node drained successfully' }))).toBe(
    '{\n  "success": true,\n  "message": "Node drained successfully"\n}\n',
  );
});
