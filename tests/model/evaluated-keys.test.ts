import * as assert from "assert";
import { EVALUATED_KEYS } from "../../policies/model/s3-request-context";
import { replicationRequests } from "../../policies/model/role";
import { NO_FACTS } from "../../policies/model/external-facts";
import { stackIndex } from "../../policies/model/stack";
import { policyResources } from "../support/policy-resources";
import { guideRolePolicy, guideWithRolePolicies } from "../support/guide-role";
import { GUIDE_CASES } from "../support/guide-stack";
import { NO_SECRETS } from "../../policies/model/secret-values";

describe("the condition keys the pack evaluates (issue 11, case 7)", () => {
    it("each cites the AWS page that shows it present in S3's requests", () => {
        for (const [key, page] of Object.entries(EVALUATED_KEYS)) {
            assert.match(page, /^https:\/\/docs\.aws\.amazon\.com\/\S+#\S+$/, key);
        }
    });

    it("are the only keys any request of the role carries, in every shape, before and after deploy", async () => {
        for (const { shape, preview } of GUIDE_CASES) {
            for (const sourceBucketKey of [false, true]) {
                const guide = guideWithRolePolicies([guideRolePolicy()], { shape, preview, overrides: { sourceBucketKey } });
                const index = stackIndex(await policyResources(guide.stack), NO_SECRETS);
                for (const replication of index.replications()) {
                    const requests = replicationRequests(index, replication, NO_FACTS);
                    assert.ok(requests, shape);
                    const keys = [requests.assumeRole, ...requests.permissions.map((p) => p.request)].flatMap((r) => Object.keys(r.context ?? {}));
                    assert.ok(keys.length > 0);
                    assert.deepStrictEqual(
                        keys.filter((key) => !(key in EVALUATED_KEYS)),
                        [],
                        `${shape} ${preview}`,
                    );
                }
            }
        }
    });
});
