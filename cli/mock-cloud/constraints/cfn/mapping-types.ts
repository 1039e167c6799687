/** The shape of the CloudFormation mapping (cli/mock-cloud/constraints/cfn/mapping.ts) and its builders. */

/** How one provider type maps to CloudFormation. */
export interface CfnMapping {
    /** The CloudFormation resource type, e.g. `AWS::EC2::SecurityGroup`. */
    readonly cfnType: string;
    /** Provider input property (top level) -> CloudFormation property. */
    readonly properties: Readonly<Record<string, string>>;
    /** CloudFormation-required properties without a provider input of their own: who supplies them. */
    readonly supplied?: Readonly<Record<string, string>>;
}

/** A provider type with no CloudFormation resource of its own. */
export interface NoCfnMapping {
    readonly cfnType: null;
    /** Where CloudFormation has the same thing, if anywhere. */
    readonly reason: string;
}

export const AUTONAME = "the provider's auto-naming (the logical name and a random suffix)";
export const s = (
    cfnType: string,
    properties: Record<string, string> = {},
    supplied?: Record<string, string>,
): CfnMapping => ({
    cfnType,
    properties,
    ...(supplied ? { supplied } : {}),
});
export const none = (reason: string): NoCfnMapping => ({ cfnType: null, reason });
