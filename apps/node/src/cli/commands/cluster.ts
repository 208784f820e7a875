import type { Command } from 'commander';
import { newGroup } from '../command-factory';
import type { CliContext } from '../context';
import { drainCommand } from './cluster-drain';
import { clusterStatusCommand } from './cluster-status';
import { transferLeaderCommand } from './cluster-transfer-leader';
import { undrainCommand } from './cluster-undrain';

/** `sched cluster [CLIENT OPTIONS] <status|transfer-leader|drain|undrain>`. */
export function clusterGroup(context: CliContext): Command {
  return newGroup('cluster', 'Cluster management commands', context, [
    clusterStatusCommand(context),
    transferLeaderCommand(context),
    drainCommand(context),
    undrainCommand(context),
  ], 'sched cluster -o json status');
}
