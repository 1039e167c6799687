import { NETWORK_CFN_MAPPING } from "./mapping-network";
import type { CfnMapping, NoCfnMapping } from "./mapping-types";
import { WORKLOAD_CFN_MAPPING } from "./mapping-workloads";

export type { CfnMapping, NoCfnMapping };

/**
 * Provider resource types and input properties mapped to CloudFormation's, so the facts the
 * CloudFormation resource specification carries (npm `@aws-cdk/aws-service-spec`: required properties,
 * properties whose change replaces the resource, allowed values and patterns where it has them) apply
 * to what the program declares. Every `aws:` type the stacks declare is here: mapped, or said to have
 * no CloudFormation resource of its own. Every property CloudFormation requires of a mapped type is
 * mapped to the provider's input, or `supplied` says who supplies it (the provider's auto-naming or
 * default, or another shape), so a specification that adds a required property fails the test that
 * checks this table (test/cli/mock-cloud/cfn-facts.spec.ts).
 */

/** The table, by provider type token. */

/** The table, by provider type token: network types, then workload types. */
export const CFN_MAPPING: Readonly<Record<string, CfnMapping | NoCfnMapping>> = {
    ...NETWORK_CFN_MAPPING,
    ...WORKLOAD_CFN_MAPPING,
};
