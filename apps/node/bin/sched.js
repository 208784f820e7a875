#!/usr/bin/env node
'use strict';
// `sched`: the CLI of the sched job scheduler (built by `tsc -b`, which `npm ci` runs).
require('../dist/cli/main.js');
