import { expect } from "chai";
import type { FirewallRuleGroupData } from "../../../../components/network/firewall-rules";
import { AddressSet } from "../../../../cli/plan/flows/addresses";
import { deadRules, evaluateFirewall } from "../../../../cli/plan/flows/firewall-eval";
import { domainListRules } from "../../../../cli/plan/flows/firewall-model";
import { contentMatches, parseSuricataRule } from "../../../../cli/plan/flows/suricata";
import { EPHEMERAL_PORT, type Packet } from "../../../../cli/plan/flows/types";
import { policyOf } from "./firewall-fixture";

const legacy: FirewallRuleGroupData = {
    name: "drop-legacy",
    kind: "stateless",
    capacity: 100,
    rules: [{ priority: 10, action: "drop", protocols: [6], destinationPorts: [{ from: 23, to: 23 }] }],
};
const dnsToOnPrem: FirewallRuleGroupData = {
    name: "allow-dns-to-on-prem",
    kind: "stateful",
    capacity: 100,
    rules: [
        {
            action: "pass",
            protocol: "DNS",
            source: "$HOME_NET",
            sourcePort: "ANY",
            destination: "172.16.0.0/16",
            destinationPort: "53",
            direction: "FORWARD",
        },
    ],
};
const eastWest: FirewallRuleGroupData = {
    name: "allow-east-west-https",
    kind: "stateful",
    capacity: 100,
    rules: [
        {
            action: "pass",
            protocol: "TLS",
            source: "$HOME_NET",
            sourcePort: "ANY",
            destination: "$HOME_NET",
            destinationPort: "443",
            direction: "FORWARD",
        },
    ],
};
const allowList: FirewallRuleGroupData = {
    name: "egress-allow-list",
    kind: "domain-list",
    capacity: 100,
    action: "allow",
    targetTypes: ["TLS_SNI", "HTTP_HOST"],
    domains: [".amazonaws.com", "registry.npmjs.org"],
};
const blockBad: FirewallRuleGroupData = {
    name: "block-known-bad",
    kind: "suricata",
    capacity: 100,
    rules: 'drop tls $HOME_NET any -> $EXTERNAL_NET any (tls.sni; content:"malware.example"; nocase; endswith; msg:"known bad SNI"; sid:1000001; rev:1;)',
};

const tls = (destination: string, serverName: string, source = "10.72.0.10"): Packet => ({
    source,
    destination,
    transport: "tcp",
    destinationPort: 443,
    sourcePort: EPHEMERAL_PORT,
    app: "tls",
    serverName,
});

describe("flows: Network Firewall policy", () => {
    describe("Suricata rules", () => {
        it("reads the header and the keywords the project's rule kinds produce", () => {
            const rule = parseSuricataRule(
                'drop tls $HOME_NET any -> $EXTERNAL_NET any (tls.sni; content:"malware.example"; nocase; endswith; msg:"known bad SNI"; flow:to_server, established; sid:1000001; rev:1;)',
            );
            expect(rule).to.include({ action: "drop", protocol: "tls", sid: 1000001, msg: "known bad SNI" });
            expect(rule.flow).to.deep.equal(["to_server", "established"]);
            expect(rule.contents).to.deep.equal([
                {
                    buffer: "tls.sni",
                    content: "malware.example",
                    nocase: true,
                    startswith: false,
                    endswith: true,
                    dotprefix: false,
                    negated: false,
                },
            ]);
            expect(rule.undecidable).to.deep.equal([]);
        });

        it("keeps keywords it cannot decide from a flow", () => {
            const rule = parseSuricataRule(
                'alert http $HOME_NET any -> $EXTERNAL_NET any (http.user_agent; content:"curl"; sid:2;)',
            );
            expect(rule.undecidable).to.deep.equal(["http.user_agent"]);
        });

        it("matches a leading-dot domain on the domain and its subdomains, an exact one only itself", () => {
            // AWS: ".example.com matches example.com and all subdomains"; "abc.example.com matches only abc.example.com".
            const [wild, exact] = domainListRules(
                "ALLOWLIST",
                ["TLS_SNI"],
                [".example.com", "abc.example.com"],
            ).map((r) => parseSuricataRule(r).contents[0]);
            expect(
                ["example.com", "www.example.com", "badexample.com"].map((v) => contentMatches(wild, v)),
            ).to.deep.equal([true, true, false]);
            expect(
                ["abc.example.com", "x.abc.example.com", "ABC.example.com"].map((v) =>
                    contentMatches(exact, v),
                ),
            ).to.deep.equal([true, false, true]);
        });
    });

    describe("evaluation", () => {
        const policy = policyOf([legacy, dnsToOnPrem, eastWest, allowList, blockBad]);

        it("drops in the stateless engine before any stateful rule", () => {
            const d = evaluateFirewall(policy, {
                ...tls("10.80.0.10", "x"),
                destinationPort: 23,
                app: undefined,
            });
            expect(d.verdict).to.equal("drop");
            expect(d.by).to.match(
                /^stateless group drop-legacy rule priority 10 aws:drop protocols 6 ports 23 \(request\)$/,
            );
        });

        it("passes a flow by the first stateful rule that matches it, in strict order", () => {
            const d = evaluateFirewall(policy, {
                source: "10.72.0.10",
                destination: "172.16.0.10",
                transport: "udp",
                destinationPort: 53,
                sourcePort: EPHEMERAL_PORT,
                app: "dns",
            });
            expect(d).to.include({ verdict: "pass" });
            expect(d.by).to.equal(
                'stateful rule allow-dns-to-on-prem sid 1 "pass dns $HOME_NET any -> 172.16.0.0/16 53"',
            );
        });

        it("passes TLS to an allow-listed name and drops any other name with the generated rule", () => {
            expect(evaluateFirewall(policy, tls("203.0.113.10", "logs.eu-west-1.amazonaws.com")).by).to.match(
                /^stateful rule egress-allow-list sid 1 "pass tls \$HOME_NET any -> \$EXTERNAL_NET any \(matching TLS allowlisted FQDNs\)"$/,
            );
            const other = evaluateFirewall(policy, tls("203.0.113.10", "evil.registry.npmjs.org"));
            expect(other.verdict).to.equal("drop");
            expect(other.by).to.contain("not matching any TLS allowlisted FQDNs");
        });

        it("does not apply a domain list between HOME_NET addresses (east-west)", () => {
            const d = evaluateFirewall(policy, tls("10.72.16.10", "orders.internal"));
            expect(d.by).to.contain("allow-east-west-https");
        });

        it("drops what no rule decides with aws:drop_established", () => {
            const d = evaluateFirewall(policy, {
                ...tls("203.0.113.10", "x"),
                destinationPort: 22,
                app: undefined,
            });
            expect(d).to.include({
                verdict: "drop",
                by: "no stateful rule matched: default action aws:drop_established",
            });
        });

        it("lets a deny group placed before the allow-list drop a listed-looking name", () => {
            const first = policyOf([blockBad, allowList]);
            expect(evaluateFirewall(first, tls("203.0.113.10", "cdn.malware.example")).by).to.contain(
                "block-known-bad sid 1000001",
            );
        });
    });

    describe("rules that can never match", () => {
        const environment = AddressSet.of(["10.64.0.0/12", "172.16.0.0/16"])!;

        it("reports a rule placed after an allow-list that decides every TLS flow it could match", () => {
            const dead = deadRules(policyOf([allowList, blockBad]), environment);
            expect(dead).to.have.length(1);
            expect(dead[0].group).to.equal("block-known-bad");
            expect(dead[0].why).to.match(
                /decided before it by egress-allow-list sid \d+ .*not matching any TLS allowlisted FQDNs/,
            );
        });

        it("reports a literal address that is in no range of the environment", () => {
            const copied: FirewallRuleGroupData = {
                ...dnsToOnPrem,
                name: "allow-dns-from-on-prem",
                rules: [
                    {
                        ...(dnsToOnPrem.rules[0] as object),
                        source: "172.16.0.0/16",
                        destination: "10.64.1.0/24",
                    } as never,
                ],
            };
            const otherEnvironment = AddressSet.of(["10.96.0.0/12", "172.16.0.0/16"])!;
            expect(deadRules(policyOf([copied]), otherEnvironment).map((d) => d.why)).to.deep.equal([
                "10.64.1.0/24 is in no VPC or on-premises range of this environment (use a rule variable derived from the environment)",
            ]);
            expect(deadRules(policyOf([copied]), environment)).to.deep.equal([]);
        });
    });
});
