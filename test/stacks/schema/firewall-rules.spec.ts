import { expect } from "chai";
import { ConfigError } from "../../../stacks/schema/errors";
import { parseEnvironment } from "../../../stacks/schema/stack-config";
import { parseSuricataRule } from "../../../stacks/schema/suricata";
import { parseYaml } from "../../../stacks/schema/yaml-file";
import { QA_ENVIRONMENT } from "../../support/project-fixture";

const FILE = "stacks/environments/qa.yaml";

/**
 * The fixture environment with `groups` (YAML list items, indented by 4) added to its rule groups,
 * each given the capacity every group declares.
 */
function withGroups(groups: string): string {
    const declared = groups.replace(/^( {4}- name: .*\n)/gm, "$1      capacity: 100\n");
    return QA_ENVIRONMENT.replace("  ruleGroups:\n", `  ruleGroups:\n${declared}`);
}

/** The problems of `text` as printed lines (without the heading). */
function problems(text: string): string[] {
    try {
        parseEnvironment(parseYaml(FILE, text));
    } catch (error) {
        expect(error).to.be.instanceOf(ConfigError);
        return (error as ConfigError).message
            .split("\n")
            .slice(1)
            .map((l) => l.trim());
    }
    return [];
}

const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

describe("firewall rule groups", () => {
    it("accepts the fixture's own groups", () => {
        expect(problems(QA_ENVIRONMENT)).to.deep.equal([]);
    });

    describe("Suricata rules", () => {
        const block = (...rules: string[]) =>
            withGroups(
                `    - name: custom\n      kind: suricata\n      rules: |\n${rules.map((r) => `        ${r}`).join("\n")}\n`,
            );

        it("points each problem at the rule's own line, naming the group", () => {
            const text = block(
                'alert tcp $HOME_NET any -> any 443 (msg:"ok"; sid:1;)',
                "# a comment",
                "dorp tcp any any -> any any (sid:2;)",
                "this is not suricata sid:3;",
            );
            expect(problems(text)).to.deep.equal([
                `${FILE}:${lineOf(text, "dorp")}: firewall.ruleGroups[custom].rules 'dorp tcp any any -> any any (sid:2;)' (rule 2) action 'dorp' is not one Network Firewall takes; expected pass, drop, reject, alert`,
                `${FILE}:${lineOf(text, "this is not")}: firewall.ruleGroups[custom].rules 'this is not suricata sid:3;' (rule 3) has no options; expected (msg:"..."; sid:<number>;) after the header`,
            ]);
        });

        it("refuses unknown protocols, bad ports, missing sids and undefined variables", () => {
            const text = block(
                "alert foo any any -> any any (sid:1;)",
                "alert tcp any 70000 -> any any (sid:2;)",
                "alert tcp any any -> any 100:50 (sid:3;)",
                'alert tcp any any -> any any (msg:"no sid";)',
                "alert tcp $UNDEFINED_NET any -> any any (sid:5;)",
                "alert tcp any any -> any any (sid:5;)",
            );
            const found = problems(text).map((p) => p.replace(/^[^']*'[^']*' /, ""));
            expect(found).to.deep.equal([
                "(rule 1) protocol 'foo' is not a Suricata protocol; expected e.g. ip, tcp, udp, icmp, http, tls, dns",
                "(rule 2) source port '70000' is outside 0-65535; expected ports from 0 to 65535",
                "(rule 3) destination port '100:50' is a reversed range; expected from:to with from <= to, e.g. 50:100",
                '(rule 4) has no sid; expected every rule to carry "sid:<number>;"',
                "(rule 6) repeats sid 5 of rule 5; expected a unique sid per rule in a group",
                "(rule 5) uses $UNDEFINED_NET, which is not defined; expected one of $HOME_NET, $EXTERNAL_NET, $INBOUND_RESOLVERS, $ON_PREM, $ON_PREM_DNS, $SHARED_SERVICES, $SPOKES",
            ]);
        });

        it("refuses a rule that passes every flow", () => {
            const text = block("pass ip any any -> any any (sid:1;)");
            expect(problems(text)[0]).to.contain(
                "(rule 1) passes every flow (pass ip any any -> any any with nothing to narrow it)",
            );
            // The same header narrowed by an option passes only what the option matches.
            expect(problems(block('pass ip any any -> any any (ip.dst; content:"x"; sid:1;)'))).to.deep.equal(
                [],
            );
        });

        it("parses the parts Suricata allows: lists, negation, ranges and quoted options", () => {
            const parsed = parseSuricataRule(
                'drop tcp [10.0.0.0/8, !10.1.0.0/16] [1024:, !2000] <> $EXTERNAL_NET [80,443] (msg:"a; b \\"c\\""; content:"x"; sid:10; rev:2;)',
            );
            expect(parsed.problems).to.deep.equal([]);
            expect(parsed.rule?.sid).to.equal(10);
            expect(parsed.rule?.variables).to.deep.equal(["EXTERNAL_NET"]);
            expect(parseSuricataRule("alert tcp 10.0.0.1/8 any -> any any (sid:1;)").problems).to.deep.equal([
                "source '10.0.0.1/8' has host bits set; expected the network address 10.0.0.0/8",
            ]);
            expect(parseSuricataRule('alert tcp any any -> any any (msg:"open; sid:1;)').problems).to.include(
                "has an option without its closing ';' or quote; expected keyword:value; for every option",
            );
        });
    });

    describe("standard stateful rules", () => {
        const rule = (fields: string) =>
            withGroups(
                `    - name: east-west\n      kind: stateful\n      rules:\n        - { action: pass, direction: FORWARD, ${fields} }\n`,
            );

        it("refuses a protocol Network Firewall's headers do not take, and names the group", () => {
            const text = rule(
                "protocol: FOO, source: ANY, sourcePort: ANY, destination: ANY, destinationPort: '443'",
            );
            expect(problems(text)).to.deep.equal([
                `${FILE}:${lineOf(text, "FOO")}: firewall.ruleGroups[east-west].rules[0].protocol 'FOO' is not a protocol of Network Firewall's stateful rules; expected one of IP, TCP, UDP, ICMP, HTTP, FTP, TLS, SMB, DNS, DCERPC, SSH, SMTP, IMAP, MSN, KRB5, IKEV2, TFTP, NTP, DHCP`,
            ]);
        });

        it("refuses ports outside 0-65535 and reversed ranges", () => {
            expect(
                problems(
                    rule(
                        "protocol: TCP, source: ANY, sourcePort: '70000', destination: ANY, destinationPort: '100:50'",
                    ),
                ).map((p) => p.split(": ").slice(1).join(": ")),
            ).to.deep.equal([
                "firewall.ruleGroups[east-west].rules[0].sourcePort '70000' is outside 0-65535; expected ports from 0 to 65535",
                "firewall.ruleGroups[east-west].rules[0].destinationPort '100:50' is a reversed range; expected from:to with from <= to, e.g. 50:100",
            ]);
        });

        it("refuses an undefined rule variable, naming the field", () => {
            const text = rule(
                "protocol: TCP, source: $HOME_NETT, sourcePort: ANY, destination: ANY, destinationPort: '443'",
            );
            expect(problems(text)).to.deep.equal([
                `${FILE}:${lineOf(text, "HOME_NETT")}: firewall.ruleGroups[east-west].rules[0].source '$HOME_NETT' uses $HOME_NETT, which is not defined; expected $HOME_NET, or one of $HOME_NET, $EXTERNAL_NET, $INBOUND_RESOLVERS, $ON_PREM, $ON_PREM_DNS, $SHARED_SERVICES, $SPOKES`,
            ]);
        });

        it("refuses pass IP ANY ANY -> ANY ANY", () => {
            const text = rule(
                "protocol: IP, source: ANY, sourcePort: ANY, destination: ANY, destinationPort: ANY",
            );
            expect(problems(text)[0]).to.contain(
                "firewall.ruleGroups[east-west].rules[0].action 'pass' passes every flow (pass IP ANY ANY -> ANY ANY)",
            );
        });
    });

    it("refuses a stateless pass with nothing to narrow it", () => {
        const text = withGroups(
            "    - name: fast-path\n      kind: stateless\n      rules:\n        - { priority: 1, action: pass }\n",
        );
        expect(problems(text)).to.deep.equal([
            `${FILE}:${lineOf(text, "priority: 1")}: firewall.ruleGroups[fast-path].rules[0].action 'pass' passes every packet (no protocol, address or port narrows the rule), so the stateful engine never inspects anything; expected match fields that narrow it, or action forward`,
        ]);
    });

    it("refuses repeated domains and target types in a domain list", () => {
        const text = QA_ENVIRONMENT.replace(
            "targetTypes: [TLS_SNI]",
            "targetTypes: [TLS_SNI, TLS_SNI]",
        ).replace("domains: [.example.com]", "domains: [.example.com, .example.org, .example.com]");
        expect(problems(text).map((p) => p.split(": ").slice(1).join(": "))).to.deep.equal([
            "firewall.ruleGroups[egress-allow-list].domains[2] '.example.com' repeats domain 0; expected each domain once",
            "firewall.ruleGroups[egress-allow-list].targetTypes[1] 'TLS_SNI' repeats target type 0; expected each target type once",
        ]);
    });
});
