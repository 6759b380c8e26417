/**
 * The verdict matrix on its own (policies/model/verdict-matrix.ts): which object kinds a rule's
 * source can hold (seed page, "Replicating encrypted objects (SSE-S3, SSE-KMS, DSSE-KMS, SSE-C)"),
 * which requests each needs, and how the verdicts of a given decider make its outcome.
 */
import * as assert from "assert";
import { replicationRequests } from "../../policies/model/role";
import { NO_FACTS } from "../../policies/model/external-facts";
import { stackIndex } from "../../policies/model/stack";
import { ANY_OTHER_KEY, DecidedRequest, MatrixRequest, MatrixRow, NotSelected, RuleFailure, verdictMatrix } from "../../policies/model/verdict-matrix";
import { enabledReplications } from "../../policies/support/each-rule";
import { guideStack, GuideOverrides } from "../support/guide-stack";
import { policyResources } from "../support/policy-resources";
import { NO_SECRETS } from "../../policies/model/secret-values";

const NOT_SELECTED: NotSelected = { decidedBy: "the rule does not opt in", policy: "opt-in-policy", findingUrn: "urn:x" };

async function matrixOf(
    overrides: GuideOverrides,
    decide: (request: MatrixRequest) => DecidedRequest,
    keyFailure?: DecidedRequest,
    ruleFailure?: RuleFailure,
): Promise<{ rows: MatrixRow[]; asked: string[] }> {
    const resources = await policyResources(guideStack({ shape: "v7", preview: false, overrides }).stack);
    const index = stackIndex(resources, NO_SECRETS);
    const [replication] = enabledReplications(index);
    const requests = replicationRequests(index, replication, NO_FACTS);
    const asked: string[] = [];
    const { rows } = verdictMatrix(
        index,
        replication,
        requests,
        (request) => {
            asked.push(request.key);
            return decide(request);
        },
        () => NOT_SELECTED,
        keyFailure,
        ruleFailure,
    );
    return { rows, asked };
}

const ALLOW = (): DecidedRequest => ({ outcome: "allowed" });
const label = (row: MatrixRow) =>
    `${row.objects.encryption}${row.objects.key === ANY_OTHER_KEY ? " other" : row.objects.key ? " default" : ""}: ${row.outcome}`;

/** The rows of a rule whose KMS-encrypted objects do not replicate while all others do. */
const ONLY_KMS_OBJECTS_FAIL = ["unencrypted: yes", "SSE-S3: yes", "SSE-C: yes", "SSE-KMS default: no", "SSE-KMS other: no", "DSSE-KMS other: no"];

describe("verdict matrix (model)", () => {
    it("lists unencrypted, SSE-S3, SSE-C, SSE-KMS under the default key and any other key, DSSE-KMS under any other key", async () => {
        const { rows } = await matrixOf({}, ALLOW);
        assert.deepStrictEqual(rows.map(label), [
            "unencrypted: yes",
            "SSE-S3: yes",
            "SSE-C: yes",
            "SSE-KMS default: yes",
            "SSE-KMS other: undecided",
            "DSSE-KMS other: undecided",
        ]);
        assert.strictEqual(rows[4].failing?.action, "kms:Decrypt", "a key the stack does not show cannot be decided");
    });

    it("has a DSSE-KMS row for the default key when the source encrypts with DSSE-KMS by default", async () => {
        const { rows } = await matrixOf({ sourceAlgorithm: "aws:kms:dsse" }, ALLOW);
        assert.deepStrictEqual(rows.map(label).slice(3), ["SSE-KMS other: undecided", "DSSE-KMS default: yes", "DSSE-KMS other: undecided"]);
    });

    it("asks the decider every request of the rule once, S3's sts:AssumeRole first", async () => {
        const { asked } = await matrixOf({}, ALLOW);
        assert.strictEqual(asked[0], "role sts:AssumeRole");
        assert.deepStrictEqual(asked, [...new Set(asked)]);
        for (const key of [
            "source objects s3:GetObjectVersionForReplication",
            "source key kms:Decrypt",
            "replica key kms:Encrypt",
            "destination objects s3:ReplicateObject",
        ]) {
            assert.ok(asked.includes(key), key);
        }
    });

    it("a denied kms:Encrypt on the replica key stops only KMS-encrypted objects, with the decider's statement, fix and policy", async () => {
        const { rows } = await matrixOf({}, (request) =>
            request.key === "replica key kms:Encrypt"
                ? { outcome: "denied", decidedBy: "statement 1", fix: "the fix", policy: "p", findingUrn: "urn:role" }
                : ALLOW(),
        );
        assert.deepStrictEqual(rows.map(label), ONLY_KMS_OBJECTS_FAIL);
        const row = rows[3];
        assert.deepStrictEqual(
            { failing: row.failing?.action, by: row.failing?.by, decidedBy: row.decidedBy, fix: row.fix, policy: row.policy, findings: row.findings },
            {
                failing: "kms:Encrypt",
                by: "the replication role",
                decidedBy: "statement 1",
                fix: "the fix",
                policy: "p",
                findings: [{ policy: "p", urn: "urn:role" }],
            },
        );
    });

    it("a denied request wins over an undecided one, and a denied sts:AssumeRole stops everything", async () => {
        const { rows } = await matrixOf({}, (request) =>
            request.key === "role sts:AssumeRole" ? { outcome: "denied", policy: "trust", findingUrn: "urn:role" } : { outcome: "undecided" },
        );
        assert.ok(rows.every((row) => row.outcome === "no" && row.failing?.action === "sts:AssumeRole" && row.failing.by.startsWith("Amazon S3")));
    });

    it("KMS-encrypted objects are not selected by a rule that does not opt in: 'no', caused by the rule", async () => {
        const { rows } = await matrixOf({ rule: { sseKms: undefined } as never }, ALLOW);
        const kms = rows.filter((row) => row.objects.encryption.endsWith("KMS"));
        assert.ok(kms.length > 0);
        for (const row of kms) {
            assert.deepStrictEqual([row.outcome, row.cause, row.decidedBy, row.policy], ["no", "rule", NOT_SELECTED.decidedBy, NOT_SELECTED.policy]);
        }
        assert.deepStrictEqual(
            rows.filter((row) => !row.objects.encryption.endsWith("KMS")).map((row) => row.outcome),
            ["yes", "yes", "yes"],
        );
    });

    it("with the role outside the stack, nothing is decided", async () => {
        const resources = await policyResources(guideStack({ shape: "v7", preview: false }).stack);
        const index = stackIndex(resources, NO_SECRETS);
        const [replication] = enabledReplications(index);
        const { rows, requests } = verdictMatrix(index, replication, undefined, ALLOW, () => NOT_SELECTED);
        assert.ok(rows.every((row) => row.outcome === "undecided"));
        assert.ok(requests.every(({ decided }) => decided.outcome === "undecided"));
    });

    const KEY_FAILURE: DecidedRequest = {
        outcome: "denied",
        decidedBy: "the replica key is elsewhere",
        fix: "use another key",
        policy: "key-policy",
        findingUrn: "urn:key",
    };

    it("a replica key S3 cannot use: kms:Encrypt on it fails for KMS-encrypted objects even when the role is allowed it", async () => {
        const { rows } = await matrixOf({ sourceBucketKey: false }, ALLOW, KEY_FAILURE);
        assert.deepStrictEqual(rows.map(label), ONLY_KMS_OBJECTS_FAIL);
        assert.strictEqual(rows[3].failing?.action, "kms:Encrypt");
        assert.strictEqual(rows[3].policy, "key-policy");
        assert.strictEqual(rows[3].fix, "use another key");
    });

    it("a replica key S3 cannot use and a role denied kms:Encrypt on it: the role's denial is named, both findings stand behind the row", async () => {
        const denyEncrypt = (request: MatrixRequest): DecidedRequest =>
            request.key === "replica key kms:Encrypt" ? { outcome: "denied", policy: "kms-policy", findingUrn: "urn:role" } : { outcome: "allowed" };
        const { rows } = await matrixOf({ sourceBucketKey: false }, denyEncrypt, KEY_FAILURE);
        assert.strictEqual(rows[3].policy, "kms-policy");
        assert.deepStrictEqual(rows[3].findings, [
            { policy: "kms-policy", urn: "urn:role" },
            { policy: "key-policy", urn: "urn:key" },
        ]);
    });

    it('a role allowed s3:GetObjectVersion, not s3:GetObjectVersionForReplication: unencrypted and SSE-S3 objects replicate (seed page: it "allows replication of unencrypted and SSE-S3-encrypted objects"), SSE-C is undecided, KMS-encrypted objects do not', async () => {
        const plainOnly = (request: MatrixRequest): DecidedRequest =>
            request.key === "source objects s3:GetObjectVersionForReplication"
                ? { outcome: "denied", policy: "s3-policy", findingUrn: "urn:role" }
                : { outcome: "allowed" };
        const { rows, asked } = await matrixOf({ sourceBucketKey: false }, plainOnly);
        assert.deepStrictEqual(rows.map(label), [
            "unencrypted: yes",
            "SSE-S3: yes",
            "SSE-C: undecided",
            "SSE-KMS default: no",
            "SSE-KMS other: no",
            "DSSE-KMS other: no",
        ]);
        assert.strictEqual(asked.filter((key) => key === "source objects s3:GetObjectVersion").length, 1, "the plain read is asked once");
        assert.strictEqual(rows[3].failing?.action, "s3:GetObjectVersionForReplication");
        assert.deepStrictEqual(rows[2].findings, [{ policy: "s3-policy", urn: "urn:role" }], "the SSE-C row keeps the finding behind it");
    });

    it("a role allowed neither read: every kind of object is 'no'", async () => {
        const noRead = (request: MatrixRequest): DecidedRequest =>
            request.key.startsWith("source objects s3:GetObjectVersion")
                ? { outcome: "denied", policy: "s3-policy", findingUrn: "urn:role" }
                : { outcome: "allowed" };
        const { rows } = await matrixOf({ sourceBucketKey: false }, noRead);
        assert.ok(
            rows.every((row) => row.outcome === "no"),
            rows.map(label).join(", "),
        );
    });

    const REJECTED: RuleFailure = {
        outcome: "denied",
        decidedBy: "S3 rejects the configuration",
        fix: "enable versioning",
        policy: "versioning-policy",
        findingUrn: "urn:bucket",
        failing: { action: "s3:PutBucketReplication", on: "the configuration", by: "the deployment" },
    };

    it("a configuration S3 rejects: every row 'no', caused by the configuration, and a row keeps the findings it had", async () => {
        const denyEncrypt = (request: MatrixRequest): DecidedRequest =>
            request.key === "replica key kms:Encrypt" ? { outcome: "denied", policy: "kms-policy", findingUrn: "urn:role" } : ALLOW();
        const { rows } = await matrixOf({ sourceBucketKey: false }, denyEncrypt, undefined, REJECTED);
        assert.ok(rows.length >= 6);
        for (const row of rows) {
            assert.deepStrictEqual(
                { outcome: row.outcome, cause: row.cause, failing: row.failing?.action, policy: row.policy, fix: row.fix },
                { outcome: "no", cause: "configuration", failing: "s3:PutBucketReplication", policy: "versioning-policy", fix: "enable versioning" },
            );
        }
        assert.deepStrictEqual(rows[0].findings, [{ policy: "versioning-policy", urn: "urn:bucket" }]);
        assert.deepStrictEqual(rows[3].findings, [
            { policy: "versioning-policy", urn: "urn:bucket" },
            { policy: "kms-policy", urn: "urn:role" },
        ]);
    });

    it("a configuration in doubt: rows that replicate become 'undecided', a 'no' stays 'no' with the doubt's finding behind it too", async () => {
        const doubt: RuleFailure = { ...REJECTED, outcome: "undecided", policy: "account-policy", findingUrn: "urn:config" };
        const denyEncrypt = (request: MatrixRequest): DecidedRequest =>
            request.key === "replica key kms:Encrypt" ? { outcome: "denied", policy: "kms-policy", findingUrn: "urn:role" } : ALLOW();
        const { rows } = await matrixOf({ sourceBucketKey: false }, denyEncrypt, undefined, doubt);
        assert.deepStrictEqual(rows.map(label), [
            "unencrypted: undecided",
            "SSE-S3: undecided",
            "SSE-C: undecided",
            "SSE-KMS default: no",
            "SSE-KMS other: no",
            "DSSE-KMS other: no",
        ]);
        assert.strictEqual(rows[0].cause, "configuration");
        assert.strictEqual(rows[3].policy, "kms-policy");
        assert.deepStrictEqual(rows[3].findings, [
            { policy: "kms-policy", urn: "urn:role" },
            { policy: "account-policy", urn: "urn:config" },
        ]);
    });
});
