/**
 * A small project of the tests' own, written to a temporary folder: one environment (`qa`) with a
 * network, a security and a spoke stack. Specs mutate copies of it; they never depend on the shipped
 * example environments, which adopters replace.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The environment file of the fixture. */
export const QA_ENVIRONMENT = `name: qa
profile: development
accounts:
  network: "210000000001"
  security: "210000000002"
  spokes:
    - id: "210000000003"
      deployerRoleArn: arn:aws:iam::210000000003:role/deployer
organization:
  arn: arn:aws:organizations::210000000009:organization/o-qa12345678
shareWith: accounts
regions:
  primary:
    name: eu-west-1
    availabilityZones: 2
    transitGatewayAsn: 64600
    cidrs:
      inspection: 10.20.0.0/24
      sharedServices: 10.20.1.0/24
      security: 10.20.2.0/24
addressing:
  supernet: 10.16.0.0/12
  spokePool: 10.24.0.0/13
onPremises:
  cidrs: [192.168.0.0/16]
  dnsServers: [192.168.0.10]
  domains: [corp.qa.internal]
dns:
  corporateDomain: aws.qa.internal
egress:
  natGateways: per-az
logging:
  retentionDays: 30
firewall:
  ruleGroups:
    - name: egress-allow-list
      kind: domain-list
      action: allow
      targetTypes: [TLS_SNI]
      domains: [.example.com]
      capacity: 100
appliances:
  instanceType: t3.small
  minSize: 2
  desiredCapacity: 2
  maxSize: 2
`;

/** The fixture's stack files, by stack name. */
export const QA_STACKS: Readonly<Record<string, string>> = {
    "network-qa": `config:
  aws:region: eu-west-1
  aws:allowedAccountIds: ["210000000001"]
  hub-network:role: network
  hub-network:environment: qa
`,
    "security-qa": `config:
  aws:region: eu-west-1
  aws:allowedAccountIds: ["210000000002"]
  hub-network:role: security
  hub-network:environment: qa
`,
    "spoke-web-qa": `config:
  aws:region: eu-west-1
  aws:allowedAccountIds: ["210000000003"]
  hub-network:role: spoke
  hub-network:environment: qa
  hub-network:spoke:
    name: web
    account: "210000000003"
    owner: web-team@example.com
    cidr: 10.24.0.0/20
    workload: lambda-api
`,
};

/** A fresh copy of the fixture project; returns its root. `files` add or replace files by relative path. */
export function writeFixtureProject(files: Readonly<Record<string, string | Buffer>> = {}): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "hub-network-fixture-"));
    fs.mkdirSync(path.join(root, "stacks", "config"), { recursive: true });
    fs.mkdirSync(path.join(root, "stacks", "environments"), { recursive: true });
    fs.writeFileSync(path.join(root, "stacks", "environments", "qa.yaml"), QA_ENVIRONMENT);
    for (const [stack, text] of Object.entries(QA_STACKS)) {
        fs.writeFileSync(path.join(root, "stacks", "config", `Pulumi.${stack}.yaml`), text);
    }
    for (const [file, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), content);
    }
    return root;
}
