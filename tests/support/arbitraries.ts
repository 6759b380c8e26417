/** fast-check building blocks shared by the property-based tests: values as odd as the engine may send. */
import * as fc from "fast-check";
import { UNKNOWN_SENTINELS } from "../../policies/model/value";
import { secret } from "./harness";

export const unknownSentinel = fc.constantFrom(...UNKNOWN_SENTINELS);

/** Arbitrary JSON with unknowns and secrets anywhere inside. */
export const { wild } = fc.letrec<{ wild: unknown }>((tie) => ({
    wild: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.jsonValue({ maxDepth: 2 }),
        unknownSentinel,
        fc.array(tie("wild"), { maxLength: 3 }),
        fc.dictionary(fc.string({ maxLength: 6 }), tie("wild"), { maxKeys: 3 }),
        tie("wild").map(secret),
    ),
}));

/**
 * A position that usually holds what the schema says (`structuredWeight` times out of
 * `structuredWeight + 3`), and otherwise anything, an unknown, or the structured value as a secret.
 */
export function anywhere(structured: fc.Arbitrary<unknown>, structuredWeight: number): fc.Arbitrary<unknown> {
    return fc.oneof(
        { weight: structuredWeight, arbitrary: structured },
        { weight: 1, arbitrary: wild },
        { weight: 1, arbitrary: unknownSentinel },
        { weight: 1, arbitrary: structured.map(secret) },
    );
}
