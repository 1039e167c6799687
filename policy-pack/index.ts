/** The hub-network policy pack: only builds the pack; every policy lives in its own module. */
import { PolicyPack } from "@pulumi/policy";
import { transitGatewayNoDefaultRouteTables } from "./policies/ec2/transit-gateway/no-default-route-tables";

new PolicyPack("hub-network", {
    policies: [transitGatewayNoDefaultRouteTables],
});
