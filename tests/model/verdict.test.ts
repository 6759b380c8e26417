import { strict as assert } from "node:assert";
import { parsePolicyDocument, ParsedPolicy, Request } from "../../policies/model/iam";
import { evaluate } from "../../policies/model/iam/evaluate";
import { evaluateKeyPolicy } from "../../policies/model/key-policy";
import { decideByDocuments } from "../../policies/model/role";
import { kmsRequestContext } from "../../policies/model/s3-request-context";
import { ALLOWED, Denial, isDenial, relocateDenial, UNDECIDABLE, Verdict } from "../../policies/model/verdict";
import { verdictName } from "../support/verdicts";

const ACCOUNT = "111111111111";
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/replication-role`;
const KEY_ARN = `arn:aws:kms:us-west-2:${ACCOUNT}:key/0987dcba-09fe-87dc-65ba-ba0987654321`;
const CONTEXT = kmsRequestContext({ partition: "aws", bucket: "destination-bucket", region: "us-west-2", bucketKey: false }, "Tax");
const ENCRYPT: Request = { action: "kms:Encrypt", resource: KEY_ARN, context: CONTEXT, principal: { type: "AWS", id: ROLE_ARN } };

const allow = (extra: object = {}) => ({ Effect: "Allow", Principal: { AWS: ROLE_ARN }, Action: "kms:Encrypt", Resource: "*", ...extra });
const deny = { Effect: "Deny", Principal: { AWS: ROLE_ARN }, Action: "kms:*", Resource: "*" };
const wrongRegion = { Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } } };

function document(...statements: object[]): ParsedPolicy {
    return parsePolicyDocument({ Version: "2012-10-17", Statement: statements }) as ParsedPolicy;
}

/** The same document decided by each decider of the model: the IAM evaluator, the role's `decideByDocuments`, a key policy. */
function everyDecider(policy: ParsedPolicy): { evaluator: Verdict<unknown>; role: Verdict; key: Verdict } {
    return {
        evaluator: evaluate(ENCRYPT, [policy]),
        role: decideByDocuments(ENCRYPT, [{ origin: "the role policy", document: policy }]),
        key: evaluateKeyPolicy(policy, { action: ENCRYPT.action, keyArn: KEY_ARN, caller: { arn: ROLE_ARN, account: ACCOUNT }, context: CONTEXT }),
    };
}

describe("model/verdict", () => {
    describe("one vocabulary for every decider", () => {
        it("allows alike", () => {
            const { evaluator, role, key } = everyDecider(document(allow()));
            assert.deepEqual([evaluator, role, key].map(verdictName), ["allowed", "allowed", "allowed"]);
            assert.equal(key.kind === "allowed" && key.through, "caller");
        });

        it("names the denying statement by its position from 0, whichever decides", () => {
            const { evaluator, role, key } = everyDecider(document(allow(), deny));
            assert.equal(evaluator.kind === "denied" && evaluator.explicit && evaluator.denying.length, 1);
            assert.deepEqual(role, { kind: "denied", explicit: true, denying: [{ origin: "the role policy", statement: 1 }], unmet: [] });
            assert.deepEqual(key, { kind: "denied", explicit: true, denying: [{ origin: "the key policy", statement: 1 }], unmet: [] });
        });

        it("names the Allow statements whose conditions fail by their position from 0, whichever decides", () => {
            const { evaluator, role, key } = everyDecider(document({ ...allow(), Action: "s3:*" }, allow(wrongRegion)));
            const unmet = (verdict: Verdict<unknown>) =>
                isDenial(verdict) && !verdict.explicit ? verdict.unmet.map((u) => u.conditions.map((c) => c.key)) : [];
            for (const verdict of [evaluator, role, key]) {
                assert.deepEqual(unmet(verdict), [["kms:ViaService"]], verdictName(verdict));
            }
            assert.deepEqual(role.kind === "denied" && role.unmet.map((u) => u.at), [{ origin: "the role policy", statement: 1 }]);
            assert.deepEqual(key.kind === "denied" && key.unmet.map((u) => u.at), [{ origin: "the key policy", statement: 1 }]);
        });
    });

    describe("helpers", () => {
        const denial: Denial<number> = {
            kind: "denied",
            explicit: false,
            denying: [],
            unmet: [{ at: 2, conditions: [] }],
            boundary: { origin: "the boundary", identityToo: true },
        };

        it("isDenial tells a denial from every other verdict", () => {
            assert.ok(isDenial(denial));
            assert.ok(isDenial({ kind: "denied", explicit: true, denying: [0], unmet: [] }));
            for (const other of [ALLOWED, UNDECIDABLE, { kind: "unverifiable", unreadable: [] } as Verdict]) {
                assert.ok(!isDenial(other), other.kind);
            }
        });

        it("relocateDenial renames every statement and keeps the rest", () => {
            assert.deepEqual(
                relocateDenial(denial, (n) => ({ origin: "p", statement: n })),
                { ...denial, unmet: [{ at: { origin: "p", statement: 2 }, conditions: [] }] },
            );
            const explicit = relocateDenial({ kind: "denied", explicit: true, denying: [0, 3], unmet: [] }, (n) => `#${n}`);
            assert.deepEqual(explicit, { kind: "denied", explicit: true, denying: ["#0", "#3"], unmet: [] });
            assert.ok(!("boundary" in explicit), "no boundary key when there is none");
        });

        it("shares one frozen ALLOWED and UNDECIDABLE", () => {
            assert.deepEqual([ALLOWED, UNDECIDABLE], [{ kind: "allowed" }, { kind: "undecidable" }]);
            assert.ok(Object.isFrozen(ALLOWED) && Object.isFrozen(UNDECIDABLE));
            assert.equal(decideByDocuments(ENCRYPT, [{ origin: "p", document: document(allow()) }]), ALLOWED);
        });
    });
});
