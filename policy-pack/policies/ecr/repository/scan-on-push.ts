import { resourcePolicy } from "../../../lib/policy";
import { requireTrue } from "../../../lib/props";

/**
 * ECR repositories must scan images on push. Where the registry scans every repository
 * (`aws.ecr.RegistryScanningConfiguration`, enhanced or basic scanning with a filter for every
 * repository), set `registryScanning` and the repository setting is not needed.
 */
export const ecrRepositoryScanOnPush = resourcePolicy<{ registryScanning: boolean }>({
    name: "ecr-repository-scan-on-push",
    description: "ECR repositories must scan images on push.",
    enforcementLevel: "advisory",
    metadata: { severity: "high", fsbp: ["ECR.1"], checkov: ["CKV_AWS_163"] },
    configSchema: {
        properties: {
            registryScanning: {
                type: "boolean",
                default: false,
                description: "True when the registry's scanning configuration scans every repository.",
            },
        },
    },
    resourceTypes: ["aws:ecr/repository:Repository"],
    check: (props, { config }) =>
        config.registryScanning ? [] : requireTrue(props, "imageScanningConfiguration.scanOnPush"),
});
