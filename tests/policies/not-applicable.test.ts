/**
 * Where a policy has nothing to judge (no replication configuration in the resource or the stack),
 * it says so through `args.notApplicable` (@pulumi/policy 1.18 and later), so that Pulumi Cloud shows
 * "not applicable" rather than "passed"; with an SDK that lacks it, the policy passes. Over the
 * analyzer protocol: tests/e2e/audit.test.ts.
 */
import * as assert from "assert";
import { ResourceValidation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";

import { encryptedSourceOptIn } from "../../policies/encrypted-source-opt-in";
import { types } from "../../policies/model/resource-types";
import { sseKmsOptIn } from "../../policies/sse-kms-opt-in";
import { resourcePolicy } from "../../policies/support/define";

class NotApplicableSignal extends Error {
    constructor(readonly reason: string | undefined) {
        super("not applicable");
    }
}

const throwing = (reason?: string): never => {
    throw new NotApplicableSignal(reason);
};

function resourceArgs(type: string, props: Record<string, unknown>, notApplicable?: (reason?: string) => never): ResourceValidationArgs {
    return {
        type,
        props,
        urn: `urn:pulumi:dev::proj::${type}::r`,
        name: "r",
        opts: {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
        },
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => ({}) as T,
        ...(notApplicable ? { notApplicable } : {}),
    } as unknown as ResourceValidationArgs;
}

function stackArgs(resources: { type: string; props: Record<string, unknown> }[], notApplicable?: (reason?: string) => never): StackValidationArgs {
    return {
        resources: resources.map((resource, index) => ({ ...resource, urn: `urn:pulumi:dev::proj::${resource.type}::r${index}`, name: `r${index}` })),
        stackTags: new Map(),
        getConfig: <T extends object>() => ({}) as T,
        ...(notApplicable ? { notApplicable } : {}),
    } as unknown as StackValidationArgs;
}

function signalOf(run: () => void): NotApplicableSignal | undefined {
    try {
        run();
    } catch (error) {
        if (error instanceof NotApplicableSignal) {
            return error;
        }
        throw error;
    }
    return undefined;
}

const KEY = { type: types.kmsKey, props: { keyUsage: "ENCRYPT_DECRYPT" } };
const PLAIN_BUCKET = { type: types.bucket, props: { bucket: "logs" } };
const REPLICATION = {
    type: types.bucketReplicationConfig,
    props: { bucket: "source", role: "arn:aws:iam::111111111111:role/r", rules: [{ id: "r1", status: "Enabled", destination: { bucket: "arn:aws:s3:::d" } }] },
};

/** The pack's resource policies declare one validation function each. */
const validateSseKmsOptIn = sseKmsOptIn.validateResource as ResourceValidation;

describe("not applicable: a policy with nothing to judge says so", () => {
    const noReport = () => assert.fail("nothing may be reported");

    it("a resource policy on a resource that carries no replication configuration", () => {
        for (const { type, props } of [KEY, PLAIN_BUCKET]) {
            const signal = signalOf(() => validateSseKmsOptIn(resourceArgs(type, props, throwing), noReport));
            assert.strictEqual(signal?.reason, "the resource carries no S3 replication configuration", type);
        }
        const onReplication = signalOf(() => validateSseKmsOptIn(resourceArgs(REPLICATION.type, REPLICATION.props, throwing), noReport));
        assert.strictEqual(onReplication, undefined);
    });

    it("a stack policy on a stack where no resource carries one", () => {
        const signal = signalOf(() => encryptedSourceOptIn.validateStack!(stackArgs([KEY, PLAIN_BUCKET], throwing), noReport));
        assert.strictEqual(signal?.reason, "no resource of the stack carries an S3 replication configuration");
        assert.strictEqual(
            signalOf(() => encryptedSourceOptIn.validateStack!(stackArgs([KEY, REPLICATION], throwing), noReport)),
            undefined,
        );
        // A bucket whose inline replication is not known yet may carry one: judged, not "not applicable".
        const unknownInline = { type: types.bucket, props: { bucket: "b", replicationConfiguration: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } };
        assert.strictEqual(
            signalOf(() => encryptedSourceOptIn.validateStack!(stackArgs([unknownInline], throwing), noReport)),
            undefined,
        );
    });

    it("a resource policy of other types judges its own types, whatever replication they carry", () => {
        const versioningPolicy = resourcePolicy({
            name: "test-versioning",
            description: "Test: reports every versioning resource.",
            enforcementLevel: "advisory",
            resourceTypes: [types.bucketVersioning],
            check: () => [{ message: "seen" }],
        });
        const validate = versioningPolicy.validateResource as ResourceValidation;
        const reported: string[] = [];
        assert.strictEqual(
            signalOf(() => validate(resourceArgs(types.bucketVersioning, { bucket: "b" }, throwing), (message) => reported.push(String(message)))),
            undefined,
        );
        assert.strictEqual(reported.length, 1);
        assert.strictEqual(
            signalOf(() => validate(resourceArgs(KEY.type, KEY.props, throwing), noReport))?.reason,
            `the policy judges ${types.bucketVersioning} resources only`,
        );
    });

    it("passes quietly with an SDK that has no notApplicable (before @pulumi/policy 1.18)", () => {
        assert.strictEqual(
            signalOf(() => validateSseKmsOptIn(resourceArgs(KEY.type, KEY.props), noReport)),
            undefined,
        );
        assert.strictEqual(
            signalOf(() => encryptedSourceOptIn.validateStack!(stackArgs([KEY]), noReport)),
            undefined,
        );
    });
});
