import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { ConfigError } from "../../../stacks/schema/errors";
import { parseEnvironment } from "../../../stacks/schema/stack-config";
import { parseYaml } from "../../../stacks/schema/yaml-file";
import { FIXTURE_ROOT } from "../../harness/fixture";

const FILE = "stacks/environments/dev.yaml";

/** dev.yaml with its primary region's AZ count and AZ IDs set. */
function withZoneIds(count: number, ids: unknown): string {
    const data = parse(fs.readFileSync(path.join(FIXTURE_ROOT, FILE), "utf8")) as {
        regions: { primary: Record<string, unknown> };
    };
    data.regions.primary.name = "eu-west-1";
    data.regions.primary.availabilityZones = count;
    data.regions.primary.availabilityZoneIds = ids;
    return stringify(data);
}

function problems(text: string): string[] {
    try {
        parseEnvironment(parseYaml(FILE, text));
    } catch (e) {
        expect(e).to.be.instanceOf(ConfigError);
        return (e as ConfigError).problems.map((p) => `${p.field} ${JSON.stringify(p.value)}: ${p.message}`);
    }
    return [];
}

describe("environment file: regions.<key>.availabilityZoneIds", () => {
    it("accepts one AZ ID of the region per AZ", () => {
        const env = parseEnvironment(parseYaml(FILE, withZoneIds(2, ["euw1-az3", "euw1-az1"])));
        expect(env.regions.primary.availabilityZoneIds).to.deep.equal(["euw1-az3", "euw1-az1"]);
    });

    it("refuses an AZ ID of another region, a repeated one, a malformed one and a wrong count, all at once", () => {
        expect(problems(withZoneIds(3, ["euc1-az1", "euw1-az2", "euw1-az2"]))).to.deep.equal([
            'regions.primary.availabilityZoneIds[0] "euc1-az1": is not an AZ ID of eu-west-1; expected one of euw1-az1, euw1-az2, euw1-az3',
            'regions.primary.availabilityZoneIds[2] "euw1-az2": is listed twice; expected each AZ once',
        ]);
        expect(problems(withZoneIds(2, ["eu-west-1a", "euw1-az1"]))).to.deep.equal([
            'regions.primary.availabilityZoneIds[0] "eu-west-1a": is not an AZ ID; expected e.g. euw1-az1 (aws ec2 describe-availability-zones shows ZoneId)',
        ]);
        expect(problems(withZoneIds(3, ["euw1-az1", "euw1-az2"]))).to.deep.equal([
            'regions.primary.availabilityZoneIds ["euw1-az1","euw1-az2"]: lists 2 AZ ID(s) for 3 AZs; expected one AZ ID per AZ (regions.primary.availabilityZones)',
        ]);
    });
});
