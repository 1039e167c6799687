import { expect } from "chai";
import { main, stacksTouched } from "../../cli/ci/stacks";
import { stacksOf } from "../../cli/plan/stacks";
import { FIXTURE_ROOT } from "../harness/fixture";

const touched = (changed: string[], roleName?: string) => stacksTouched(changed, FIXTURE_ROOT, roleName);
const names = (changed: string[]) => touched(changed).map((s) => s.stack);

describe("ci-stacks", () => {
    it("maps a stack config file to its stack, with the spoke's own deployer role", () => {
        expect(touched(["stacks/config/Pulumi.spoke-orders-dev.yaml"])).to.deep.equal([
            {
                stack: "spoke-orders-dev",
                environment: "dev",
                level: 2,
                account: "444444444444",
                region: "eu-west-1",
                roleArn: "arn:aws:iam::444444444444:role/hub-network-deployer",
            },
        ]);
    });

    it("maps an environment file to every stack of that environment, hub first", () => {
        expect(names(["stacks/environments/prod.yaml"])).to.deep.equal([
            "network-prod",
            "network-prod-dr",
            "security-prod",
            "security-prod-dr",
            "spoke-app1-prod",
            "spoke-orders-prod",
            "spoke-petstore-prod",
        ]);
    });

    it("assumes the named role in the network and security accounts", () => {
        const [network, security] = touched(["stacks/environments/dev.yaml"], "ci-deployer");
        expect([network.stack, network.roleArn]).to.deep.equal([
            "network-dev",
            "arn:aws:iam::111111111111:role/ci-deployer",
        ]);
        expect([security.stack, security.roleArn, security.level]).to.deep.equal([
            "security-dev",
            "arn:aws:iam::222222222222:role/ci-deployer",
            1,
        ]);
    });

    it("maps workload code to every spoke, and the program or the policy pack to every stack", () => {
        expect(names(["services/petstore/src/server.ts"])).to.have.members([
            "spoke-app1-dev",
            "spoke-orders-dev",
            "spoke-petstore-dev",
            "spoke-app1-prod",
            "spoke-orders-prod",
            "spoke-petstore-prod",
        ]);
        const every = ["dev", "prod"].flatMap((env) => stacksOf(env, FIXTURE_ROOT).map((s) => s.name));
        expect(every).to.have.length(12);
        expect(names(["components/network/spoke-vpc.ts"])).to.deep.equal(every);
        expect(names(["policy-pack/policies/index.ts"])).to.deep.equal(every);
    });

    it("ignores documentation, tests and the offline tooling", () => {
        expect(names(["README.md", "test/stacks/spoke.spec.ts", "cli/plan/main.ts"])).to.deep.equal([]);
    });

    describe("its command line", () => {
        /** Runs ci-stacks with `argv`; returns its exit code, what it printed and what it wrote to stderr. */
        function run(argv: string[]): { code: number; out: string[]; err: string } {
            const out: string[] = [];
            let err = "";
            const write = process.stderr.write.bind(process.stderr);
            process.stderr.write = ((chunk: string) => {
                err += chunk;
                return true;
            }) as typeof process.stderr.write;
            try {
                return {
                    code: main(argv, (l) => {
                        out.push(l);
                        return true;
                    }),
                    out,
                    err,
                };
            } finally {
                process.stderr.write = write;
            }
        }

        it("refuses role names IAM would refuse, empty values and repeated flags, all at once, exit 2", () => {
            const { code, out, err } = run([
                "--role-name",
                "a/../b*",
                "--org",
                "",
                "--base",
                "x",
                "--base",
                "y",
            ]);
            expect(code).to.equal(2);
            expect(out).to.deep.equal([]);
            expect(err.split("\n").filter(Boolean)).to.deep.equal([
                "ci-stacks: --base is given twice; expected it once",
                "ci-stacks: --org '' is empty; expected a value (see --help)",
                "ci-stacks: --role-name 'a/../b*' is not an IAM role name; expected 1-64 letters, digits and +=,.@_- without a path, e.g. hub-network-deployer",
                "ci-stacks: see npm run ci-stacks -- --help",
            ]);
        });

        it("never hands git a revision that reads as an option", () => {
            const { code, err } = run(["--base=--output=/dev/null/x"]);
            expect(code).to.equal(2);
            expect(err).to.equal(
                "ci-stacks: --base '--output=/dev/null/x' or --head 'HEAD' is not a revision git knows; expected e.g. origin/main\n",
            );
        });
    });
});
