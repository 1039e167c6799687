/** Answers to the provider functions (invokes) the stacks call, as a real account would answer them. */
import { partitionOf } from "../../components/shared/aws-context";
import type { CloudScope } from "./values";
import { accountZones } from "./zones";

/** The result of invoke `token`, or an error for a function this cloud does not know. */
export function answerInvoke(
    token: string,
    inputs: Record<string, unknown>,
    scope: CloudScope,
): Record<string, unknown> {
    const region = String(inputs.region ?? scope.region);
    switch (token) {
        case "aws:index/getAvailabilityZones:getAvailabilityZones": {
            // The account's own names for the region's AZs (cli/mock-cloud/zones.ts), all opted in.
            const { names, zoneIds } = accountZones(region, scope.accountId);
            return {
                id: region,
                names: [...names],
                zoneIds: [...zoneIds],
                groupNames: [region],
                state: "available",
                region,
            };
        }
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                id: scope.accountId,
                accountId: scope.accountId,
                arn: `arn:${partitionOf(region)}:sts::${scope.accountId}:assumed-role/hub-network-deployer/session`,
                userId: "AROAEXAMPLE:session",
            };
        case "aws:index/getRegion:getRegion":
            return {
                id: region,
                name: region,
                region,
                endpoint: `ec2.${region}.amazonaws.com`,
                description: region,
            };
        case "aws:index/getPartition:getPartition":
            return {
                id: partitionOf(region),
                partition: partitionOf(region),
                dnsSuffix: "amazonaws.com",
                reverseDnsPrefix: "com.amazonaws",
            };
        default:
            throw new Error(`the mock cloud does not answer invoke ${token}`);
    }
}
