import { expect } from "chai";
import { dynamodbTableKmsEncrypted as policy } from "../../../../../policy-pack/policies/dynamodb/table/kms-encrypted";
import { resourceDiagnostics, resourceViolations, UNKNOWN_VALUE } from "../../../support";

const TYPE = "aws:dynamodb/table:Table";
const KEY = "arn:aws:kms:eu-west-1:111111111111:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
const compliant = { hashKey: "pk", serverSideEncryption: { enabled: true, kmsKeyArn: KEY } };
const violations = (props: Record<string, unknown>) => resourceViolations(policy, TYPE, props);

describe("dynamodb-table-kms-encrypted", () => {
    it("passes a table encrypted with a customer-managed key", async () => {
        expect(await violations(compliant)).to.deep.equal([]);
    });

    it("flags a table without serverSideEncryption (a key AWS owns)", async () => {
        expect(await violations({ hashKey: "pk" })).to.deep.equal([
            "serverSideEncryption.enabled is false (a key AWS owns); enable it with a customer-managed kmsKeyArn.",
        ]);
    });

    it("flags encryption with the AWS managed key", async () => {
        expect(await violations({ ...compliant, serverSideEncryption: { enabled: true } })).to.deep.equal([
            "serverSideEncryption.kmsKeyArn is unset (the AWS managed key); set a customer-managed KMS key.",
        ]);
        const alias = "arn:aws:kms:eu-west-1:111111111111:alias/aws/dynamodb";
        expect(
            await violations({ ...compliant, serverSideEncryption: { enabled: true, kmsKeyArn: alias } }),
        ).to.deep.equal([
            `serverSideEncryption.kmsKeyArn '${alias}' is the AWS managed key; set a customer-managed KMS key.`,
        ]);
    });

    it("waits for the update when the key is unknown in a preview", async () => {
        expect(
            await violations({
                ...compliant,
                serverSideEncryption: { enabled: true, kmsKeyArn: UNKNOWN_VALUE },
            }),
        ).to.deep.equal([]);
        expect(await violations({ ...compliant, serverSideEncryption: UNKNOWN_VALUE })).to.deep.equal([]);
    });

    it("is advisory unless the config file makes it mandatory", async () => {
        const props = { hashKey: "pk" };
        expect((await resourceDiagnostics(policy, TYPE, props)).map((d) => d.level)).to.deep.equal([
            "advisory",
        ]);
        expect(
            (await resourceDiagnostics(policy, TYPE, props, { enforcementLevel: "mandatory" })).map(
                (d) => d.level,
            ),
        ).to.deep.equal(["mandatory"]);
    });
});
