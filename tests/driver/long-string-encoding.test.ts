import * as assert from "assert";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import fc from "fast-check";

import { analyzeRequest, analyzeStackRequest, configureRequest } from "../../driver/messages";
import { encodeRequest, withFastRequestEncoding } from "../../driver/long-string-encoding";
import { PropertyValue } from "../../driver/values";

/** google-protobuf's own bytes for a request, as the generated gRPC client sends them. */
function protobufBytes(message: { serializeBinary(): Uint8Array }): Buffer {
    return Buffer.from(message.serializeBinary());
}

/** Strings short and long (past the length written by Node.js), any UTF-16 including lone surrogates. */
const text = fc.oneof(
    fc.string({ unit: "binary" }),
    fc.string({ unit: "grapheme", minLength: 250, maxLength: 600 }),
    fc.tuple(fc.string({ unit: "binary", minLength: 300, maxLength: 400 }), fc.string({ unit: "binary" })).map(([a, b]) => a + b),
    fc.constantFrom("\uD800".repeat(300), "a\uDC00".repeat(200), "é😀".repeat(200), "x".repeat(256), "x".repeat(255)),
);

const { value } = fc.letrec<{ value: PropertyValue }>((tie) => ({
    value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.constant(null),
        fc.boolean(),
        fc.double({ noNaN: true }),
        text,
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(text, tie("value"), { maxKeys: 4 }),
    ),
}));

const properties = fc.dictionary(text, value, { maxKeys: 5 });

describe("driver request encoding: long strings written by Node.js, the bytes google-protobuf writes", () => {
    it("Analyze and Remediate requests: the same bytes for arbitrary properties and names", () => {
        fc.assert(
            fc.property(properties, text, fc.boolean(), (props, name, forRemediate) => {
                const request = analyzeRequest(
                    { urn: `urn:pulumi:dev::p::aws:s3/bucket:Bucket::${name}`, type: "aws:s3/bucket:Bucket", name, properties: props },
                    forRemediate,
                );
                assert.deepStrictEqual(encodeRequest(analyzerPb.AnalyzeRequest, request), protobufBytes(request));
            }),
            { numRuns: 300, seed: 20261202 },
        );
    });

    it("AnalyzeStack and Configure requests: the same bytes for arbitrary resources and settings", () => {
        fc.assert(
            fc.property(fc.array(fc.tuple(text, properties), { maxLength: 3 }), properties, (resources, settings) => {
                const stack = analyzeStackRequest(
                    resources.map(([name, props]) => ({ urn: `urn:pulumi:dev::p::t::${name}`, type: "t", properties: props, dependencies: [name] })),
                );
                assert.deepStrictEqual(encodeRequest(analyzerPb.AnalyzeStackRequest, stack), protobufBytes(stack));
                const configure = configureRequest({ policy: { enforcementLevel: "advisory", properties: settings as Record<string, never> } });
                assert.deepStrictEqual(encodeRequest(analyzerPb.ConfigureAnalyzerRequest, configure), protobufBytes(configure));
            }),
            { numRuns: 200, seed: 20261202 },
        );
    });

    it("a 1 MB value: the same bytes", () => {
        const request = analyzeRequest({
            urn: "urn:pulumi:dev::p::t::n",
            type: "t",
            properties: { alias: `alias/${"k".repeat(1024 * 1024)}`, note: "ü€😀".repeat(100_000) },
        });
        assert.deepStrictEqual(encodeRequest(analyzerPb.AnalyzeRequest, request), protobufBytes(request));
    });

    it("changes only how requests are serialized in the Analyzer service", () => {
        const service = withFastRequestEncoding(analyzerGrpc.AnalyzerService);
        assert.deepStrictEqual(Object.keys(service), Object.keys(analyzerGrpc.AnalyzerService));
        for (const [name, method] of Object.entries(service)) {
            const original = analyzerGrpc.AnalyzerService[name as keyof typeof service];
            assert.notStrictEqual(method.requestSerialize, original.requestSerialize, name);
            assert.deepStrictEqual({ ...method, requestSerialize: undefined }, { ...original, requestSerialize: undefined }, name);
        }
    });
});
