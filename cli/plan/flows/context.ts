/** The parts of the flow analysis a flow is evaluated with, built once over an inventory. */
import type { PathTracer } from "../reachability-trace";
import type { Endpoints } from "./endpoints";
import type { PolicyModel } from "./firewall-model";
import type { NetworkAcls } from "./nacl";
import type { SecurityGroups } from "./security-groups";

/** The parts of the analysis a flow is evaluated with. */
export interface FlowContext {
    readonly tracer: PathTracer;
    readonly groups: SecurityGroups;
    readonly endpoints: Endpoints;
    readonly acls: NetworkAcls;
    readonly policies: ReadonlyMap<string, PolicyModel>;
}
