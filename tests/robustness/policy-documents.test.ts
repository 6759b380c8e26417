/**
 * Bad policy documents, over the analyzer protocol, in every place the pack reads one (an IAM
 * role's inline and trust policies, an aws.iam.RolePolicy, an aws.iam.Policy attached to the role,
 * a KMS key's policy, an aws.kms.KeyPolicy, an aws.s3.BucketPolicy) of an otherwise compliant
 * deployed guide stack: at most an advisory finding, and no error. How fast they are checked is
 * the benchmark's business, not a test's.
 *
 * Nesting 10,000 deep is sent as JSON text: as a structured value it cannot cross the protocol
 * (google-protobuf's Struct encoder overflows the stack, and the engine's Go protobuf stops at
 * 10,000 levels), and encoding and decoding Structs nested 1,000 deep already takes the
 * protocol seconds, so structured documents nest 200 deep.
 */
import * as assert from "assert";
import { parseUrn, PropertyMap, PropertyValue, readStackFile, Stack, StackDiagnostic, StackResource } from "../../driver";
import { exampleFiles } from "./example-stacks";
import { sourcePackForSuite } from "./source-pack";

const GUIDE_STACK = "compliant-cross-region.deployed";
const MEGABYTE = 1024 * 1024;
/** Deeper structured values cost the protocol itself seconds (1,000 levels: ~1.7 s a stack, a do-nothing pack too). */
const STRUCTURED_DEPTH = 200;

function named(stack: Stack, name: string): StackResource {
    const found = stack.resources.find((r) => r.urn.endsWith(`::${name}`));
    assert.ok(found, `the guide example stack has no resource named ${name}`);
    return found;
}

function known(resource: StackResource, property: string): string {
    const value = resource.outputs?.[property] ?? resource.inputs[property];
    assert.strictEqual(typeof value, "string", `${resource.urn} has no known ${property}`);
    return value as string;
}

/** Sets a property in both the inputs (what Analyze sees) and the outputs (what AnalyzeStack sees). */
function setProperty(resource: StackResource, property: string, value: PropertyValue): void {
    resource.inputs[property] = value;
    if (resource.outputs) {
        resource.outputs[property] = value;
    }
}

/** A resource next to `sibling` (same provider and parent), computed from `dependsOn`. */
function addResource(
    stack: Stack,
    sibling: StackResource,
    type: string,
    name: string,
    properties: PropertyMap,
    dependsOn: Record<string, StackResource>,
): void {
    const { stack: stackName, project } = parseUrn(sibling.urn)!;
    const urn = `urn:pulumi:${stackName}::${project}::${type}::${name}`;
    const propertyDependencies = Object.fromEntries(Object.entries(dependsOn).map(([property, r]) => [property, [r.urn]]));
    stack.resources.push({
        urn,
        type,
        custom: true,
        id: name,
        inputs: properties,
        outputs: { ...properties },
        parent: sibling.parent,
        provider: sibling.provider,
        dependencies: Object.values(dependsOn).map((r) => r.urn),
        propertyDependencies,
    });
}

interface Place {
    name: string;
    /** The valid document in this place of the guide example. */
    get(stack: Stack): string;
    /** Puts `document` in this place of the stack. */
    put(stack: Stack, document: PropertyValue): void;
}

const statement = (effect: string, action: string, resource: string) => ({ Effect: effect, Action: action, Resource: resource });
const document = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

/**
 * The guide example stack with a document in every place, each valid and granting nothing the guide example lacks,
 * and where each place is.
 */
function guideWithEveryPlace(): { stack: Stack; places: Place[] } {
    const stack = readStackFile(exampleFiles().find((e) => e.label === GUIDE_STACK)!.file);
    const role = named(stack, "replication-role");
    const replicaKey = named(stack, "replica-key");
    const destination = named(stack, "destination-bucket");
    const account = known(role, "arn").split(":")[4];
    const keyPolicyDocument = document({ ...statement("Allow", "kms:*", "*"), Principal: { AWS: `arn:aws:iam::${account}:root` } });

    const extraPolicyArn = `arn:aws:iam::${account}:policy/replication-extra`;
    addResource(
        stack,
        role,
        "aws:iam/policy:Policy",
        "replication-extra",
        {
            name: "replication-extra",
            arn: extraPolicyArn,
            policy: document(statement("Allow", "s3:GetObject", `arn:aws:s3:::${known(destination, "bucket")}/*`)),
        },
        {},
    );
    addResource(
        stack,
        role,
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        "replication-extra-attachment",
        { role: known(role, "name"), policyArn: extraPolicyArn },
        { role },
    );
    addResource(
        stack,
        replicaKey,
        "aws:kms/keyPolicy:KeyPolicy",
        "replica-key-policy",
        { keyId: known(replicaKey, "keyId"), policy: keyPolicyDocument },
        { keyId: replicaKey },
    );
    addResource(
        stack,
        destination,
        "aws:s3/bucketPolicy:BucketPolicy",
        "destination-bucket-policy",
        {
            bucket: known(destination, "bucket"),
            policy: document({
                ...statement("Deny", "s3:*", `arn:aws:s3:::${known(destination, "bucket")}/*`),
                Principal: "*",
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            }),
        },
        { bucket: destination },
    );
    setProperty(replicaKey, "policy", keyPolicyDocument);
    setProperty(role, "inlinePolicies", [
        { name: "inline", policy: document(statement("Allow", "s3:ListBucket", `arn:aws:s3:::${known(destination, "bucket")}`)) },
    ]);

    const at = (resourceName: string, property: string): Pick<Place, "get" | "put"> => ({
        get: (s) => known(named(s, resourceName), property),
        put: (s, doc) => setProperty(named(s, resourceName), property, doc),
    });
    const inline: Pick<Place, "get" | "put"> = {
        get: (s) => (named(s, "replication-role").inputs.inlinePolicies as PropertyMap[])[0].policy as string,
        put: (s, doc) => setProperty(named(s, "replication-role"), "inlinePolicies", [{ name: "inline", policy: doc }]),
    };
    const places: Place[] = [
        { name: "the role's inline policy", ...inline },
        { name: "the role's trust policy", ...at("replication-role", "assumeRolePolicy") },
        { name: "the aws.iam.RolePolicy", ...at("replication-role-policy", "policy") },
        { name: "the aws.iam.Policy attached to the role", ...at("replication-extra", "policy") },
        { name: "the replica key's policy", ...at("replica-key", "policy") },
        { name: "the aws.kms.KeyPolicy", ...at("replica-key-policy", "policy") },
        { name: "the destination's aws.s3.BucketPolicy", ...at("destination-bucket-policy", "policy") },
    ];
    return { stack, places };
}

function nested(depth: number, open: string, close: string, inner: string): string {
    return open.repeat(depth) + inner + close.repeat(depth);
}

function deepObject(depth: number): PropertyValue {
    let value: PropertyValue = "x";
    for (let i = 0; i < depth; i++) {
        value = { a: value };
    }
    return value;
}

/** `valid` grown past a megabyte by thousands of statements that change nothing here. */
function megabyteDocument(valid: string): string {
    const document = JSON.parse(valid) as { Statement: object | object[] };
    const filler = Array.from({ length: 5000 }, (_, i) => ({
        Sid: `Filler${i}`,
        ...statement("Allow", "s3:GetObject", `arn:aws:s3:::filler-${i}-${"x".repeat(120)}/*`),
    }));
    const text = JSON.stringify({ ...document, Statement: [...[document.Statement].flat(), ...filler] });
    assert.ok(text.length >= MEGABYTE, `the grown document is only ${text.length} characters`);
    return text;
}

/** Each made from the place's valid document, which some keep and break. */
const BAD_DOCUMENTS: Array<[string, (valid: string) => PropertyValue]> = [
    ["invalid JSON", (valid) => valid.slice(0, valid.length - 3)],
    ["a number", () => 42],
    ["an array", () => [1, "two", null]],
    ["null", () => null],
    ["an empty string", () => ""],
    ["true", () => true],
    ["an object with wrong types", () => ({ Version: 2012, Statement: "everything" })],
    ["the document as an object", (valid) => JSON.parse(valid) as PropertyMap],
    ["JSON text of a number", () => "42"],
    ["JSON text of an array", () => "[1, 2, 3]"],
    ["JSON text of null", () => "null"],
    ["statements of wrong types", () => JSON.stringify({ Version: "2012-10-17", Statement: [null, 1, "x", [], { Effect: 7, Action: {}, Resource: [[]] }] })],
    ["a 1 MB document", megabyteDocument],
    ["1 MB of junk", () => "{".repeat(MEGABYTE)],
    ["JSON text nested 10,000 deep", () => nested(10_000, "[", "]", "")],
    [
        "a condition nested 10,000 deep",
        () =>
            `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*","Condition":{"StringLike":${nested(10_000, '{"a":', "}", '"x"')}}}]}`,
    ],
    [
        `a structured document nested ${STRUCTURED_DEPTH} deep`,
        () => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*", Condition: deepObject(STRUCTURED_DEPTH) }] }),
    ],
];

function isInternalError(diagnostic: StackDiagnostic): boolean {
    return diagnostic.message.includes("could not finish checking");
}

describe("bad policy documents in an otherwise compliant stack, over the analyzer protocol", function () {
    this.timeout(120_000);
    const pack = sourcePackForSuite();

    async function check(stack: Stack): Promise<{ diagnostics: StackDiagnostic[] }> {
        return pack().session.analyzeAll(stack, { remediate: false });
    }

    it("the guide example with a valid document in every place is compliant", async () => {
        const { diagnostics } = await check(guideWithEveryPlace().stack);
        assert.deepStrictEqual(
            diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => `${d.policyName}: ${d.message}`),
            [],
        );
    });

    for (const place of guideWithEveryPlace().places) {
        describe(`in ${place.name}`, () => {
            for (const [kind, make] of BAD_DOCUMENTS) {
                it(`${kind}: at most an advisory finding`, async () => {
                    const { stack } = guideWithEveryPlace();
                    place.put(stack, make(place.get(stack)));
                    const { diagnostics } = await check(stack);
                    assert.deepStrictEqual(diagnostics.filter(isInternalError), []);
                    assert.deepStrictEqual(
                        diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => `${d.policyName}: ${d.message}`),
                        [],
                    );
                });
            }
        });
    }
});
