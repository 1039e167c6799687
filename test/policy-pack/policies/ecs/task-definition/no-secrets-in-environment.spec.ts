import { expect } from "chai";
import { ecsTaskDefinitionNoSecretsInEnvironment as policy } from "../../../../../policy-pack/policies/ecs/task-definition/no-secrets-in-environment";
import { resourceDiagnostics, resourceViolations } from "../../../support";
import { container, taskDefinition, TYPE } from "./fixtures";

const message = (name: string) =>
    `container 'api' passes ${name} as a plain environment variable; move it to secrets (valueFrom Secrets Manager or SSM).`;
const withVariable = (name: string) =>
    taskDefinition(
        container({
            environment: [
                { name: "TABLE_NAME", value: "items" },
                { name, value: "x" },
            ],
        }),
    );

describe("ecs-task-definition-no-secrets-in-environment", () => {
    it("passes plain settings in environment and the password in secrets", async () => {
        expect(await resourceViolations(policy, TYPE, taskDefinition())).to.deep.equal([]);
    });

    it("flags a password in a plain environment variable", async () => {
        expect(await resourceViolations(policy, TYPE, withVariable("DB_PASSWORD"))).to.deep.equal([
            message("DB_PASSWORD"),
        ]);
    });

    it("flags AWS access keys and token-like names in any case", async () => {
        for (const name of ["AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "github_token", "StripeApiKey"]) {
            expect(await resourceViolations(policy, TYPE, withVariable(name)), name).to.deep.equal([
                message(name),
            ]);
        }
    });

    it("takes the name patterns from settings", async () => {
        const config = { secretNamePatterns: ["^LICENSE$"] };
        expect(await resourceViolations(policy, TYPE, withVariable("DB_PASSWORD"), config)).to.deep.equal([]);
        expect(await resourceViolations(policy, TYPE, withVariable("LICENSE"), config)).to.deep.equal([
            message("LICENSE"),
        ]);
    });

    it("is mandatory by default", async () => {
        expect(await resourceDiagnostics(policy, TYPE, withVariable("DB_PASSWORD"))).to.deep.equal([
            { level: "mandatory", message: message("DB_PASSWORD") },
        ]);
    });
});
