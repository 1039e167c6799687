import { expect } from "chai";
import { firewallLogging as policy } from "../../../../../policy-pack/policies/networkfirewall/firewall/logging";
import { res, stackDiagnostics, stackViolations } from "../../../support";

const firewall = res("aws:networkfirewall/firewall:Firewall", "inspection", {
    arn: "arn:aws:network-firewall:eu-west-1:111111111111:firewall/inspection",
});
const destination = (logType: string) => ({
    logType,
    logDestinationType: "CloudWatchLogs",
    logDestination: { logGroup: `/firewall/${logType.toLowerCase()}` },
});
/** A logging configuration of `firewall` for `types`, matched by property dependency or by ARN. */
const logging = (types: string[], byArn = false) =>
    res(
        "aws:networkfirewall/loggingConfiguration:LoggingConfiguration",
        "inspection-logging",
        {
            ...(byArn ? { firewallArn: firewall.props.arn } : {}),
            loggingConfiguration: { logDestinationConfigs: types.map(destination) },
        },
        byArn ? {} : { propertyDependencies: { firewallArn: [firewall] } },
    );

describe("networkfirewall-firewall-logging", () => {
    it("passes a firewall logging ALERT and FLOW (by property dependency or by ARN)", async () => {
        expect(await stackViolations(policy, [firewall, logging(["ALERT", "FLOW"])])).to.deep.equal([]);
        expect(
            await stackViolations(policy, [firewall, logging(["FLOW", "ALERT", "TLS"], true)]),
        ).to.deep.equal([]);
    });

    it("flags a firewall without logging, or missing a required log type", async () => {
        expect(await stackViolations(policy, [firewall])).to.deep.equal([
            {
                urn: firewall.urn,
                message:
                    "firewall 'inspection' does not log ALERT or FLOW; add a LoggingConfiguration with a destination for each.",
            },
        ]);
        expect(
            (await stackViolations(policy, [firewall, logging(["ALERT"])])).map((v) => v.message),
        ).to.deep.equal([
            "firewall 'inspection' does not log FLOW; add a LoggingConfiguration with a destination for each.",
        ]);
    });

    it("takes the required log types from its settings", async () => {
        expect(
            await stackViolations(policy, [firewall, logging(["ALERT"])], { requiredLogTypes: ["ALERT"] }),
        ).to.deep.equal([]);
    });

    it("is advisory by default", async () => {
        const [diagnostic] = await stackDiagnostics(policy, [firewall]);
        expect(diagnostic.level).to.equal("advisory");
    });
});
