#!/usr/bin/env node
'use strict';
// `sched-dashboard`: the REST gateway and web dashboard of a sched cluster (built by `tsc -b`, which `npm ci` runs).
require('../dist/main.js');
