/**
 * The constraint table: for every resource type the project declares, the value constraints AWS
 * documents, one row per constraint, each citing its source. Kept in one sorted list, written per
 * service in the files beside this one.
 */
import type { ConstraintRow } from "../rules";
import { EC2_ROWS } from "./ec2";

export const CONSTRAINTS: readonly ConstraintRow[] = [...EC2_ROWS];
