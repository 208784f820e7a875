/**
 * `@sched/dashboard-api`: the REST gateway and web dashboard of a sched cluster.
 * `createDashboard` serves it over a cluster's gRPC API, standalone (bin `sched-dashboard`)
 * or inside a node (`sched server --dashboard-port`).
 */
export { createDashboard, type Dashboard, type DashboardOptions } from './create-dashboard';
export { NodeUrlError, parseNodeUrls } from './node-urls';
