import { expect } from "chai";
import { resolverRuleForwardTargetsAllowed as policy } from "../../../../../policy-pack/policies/route53resolver/rule/forward-targets-allowed";
import { resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:route53/resolverRule:ResolverRule";
const PRIVATE = "10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16";
const compliant = {
    domainName: "corp.example",
    ruleType: "FORWARD",
    resolverEndpointId: "rslvr-out-0123456789abcdef0",
    targetIps: [
        { ip: "172.16.0.10", port: 53 },
        { ip: "192.168.1.10", port: 53 },
    ],
};

describe("route53resolver-rule-forward-targets-allowed", () => {
    it("passes a FORWARD rule to private DNS servers", async () => {
        expect(await resourceViolations(policy, TYPE, compliant)).to.deep.equal([]);
    });

    it("flags a target outside the private ranges", async () => {
        const targetIps = [compliant.targetIps[0], { ip: "8.8.8.8", port: 53 }];
        expect(await resourceViolations(policy, TYPE, { ...compliant, targetIps })).to.deep.equal([
            `targetIps[1] 8.8.8.8 is outside allowedTargetCidrs (${PRIVATE}).`,
        ]);
    });

    it("flags an address just outside 172.16.0.0/12", async () => {
        const targetIps = [{ ip: "172.32.0.10", port: 53 }];
        expect(await resourceViolations(policy, TYPE, { ...compliant, targetIps })).to.deep.equal([
            `targetIps[0] 172.32.0.10 is outside allowedTargetCidrs (${PRIVATE}).`,
        ]);
    });

    it("ignores SYSTEM rules, which have no targets", async () => {
        expect(
            await resourceViolations(policy, TYPE, {
                ...compliant,
                ruleType: "SYSTEM",
                targetIps: [{ ip: "8.8.8.8" }],
            }),
        ).to.deep.equal([]);
    });

    it("waits for the update when a target is unknown in a preview", async () => {
        expect(
            await resourceViolations(policy, TYPE, {
                ...compliant,
                targetIps: [{ ip: UNKNOWN_VALUE, port: 53 }],
            }),
        ).to.deep.equal([]);
    });

    it("lets allowedTargetCidrs narrow the allowed servers", async () => {
        const config = { allowedTargetCidrs: ["172.16.0.0/16"] };
        expect(await resourceViolations(policy, TYPE, compliant, config)).to.deep.equal([
            "targetIps[1] 192.168.1.10 is outside allowedTargetCidrs (172.16.0.0/16).",
        ]);
        expect(
            await resourceViolations(
                policy,
                TYPE,
                { ...compliant, targetIps: [compliant.targetIps[0]] },
                config,
            ),
        ).to.deep.equal([]);
    });
});
