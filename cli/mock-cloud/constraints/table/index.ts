/**
 * The constraint table: for every resource type the project declares, the value constraints AWS
 * documents, one row per constraint, each citing its source. Kept in one sorted list, written per
 * service in the files beside this one.
 */
import type { ConstraintRow } from "../rules";
import { cfnRows } from "./cfn";
import { EC2_NETWORK_ROWS, EC2_ROWS } from "./ec2";
import { NETWORK_ROWS } from "./network";
import { SHARED_ROWS } from "./shared";
import { WORKLOAD_ROWS } from "./workloads";

export const CONSTRAINTS: readonly ConstraintRow[] = [
    ...EC2_ROWS,
    ...EC2_NETWORK_ROWS,
    ...NETWORK_ROWS,
    ...WORKLOAD_ROWS,
    ...SHARED_ROWS,
    ...cfnRows(),
];
