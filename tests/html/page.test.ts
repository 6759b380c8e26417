/**
 * `check --html`: the page of every shipped example (examples/stacks/index.json), rendered by the
 * code that ships (stackMatrices, htmlReport): one SVG per enabled replication rule, with one
 * node per bucket, KMS key and role of the rule and one edge per request replication makes, each
 * with its verdict; self-contained (nothing loaded from anywhere); secrets shown as "(secret)".
 */
import * as assert from "assert";
import { readStackFile, Secret } from "../../driver";
import { exampleFiles } from "../robustness/example-stacks";
import { pageOf } from "./render";

const MAX_BYTES = 1 << 27;

interface DrawnEdge {
    verdict: string;
    action: string;
    from: string;
    to: string;
}

/** The drawings of the page, in order: their nodes (kind and party) and edges. */
function drawings(page: string): { nodes: { kind: string; party: string }[]; edges: DrawnEdge[] }[] {
    return [...page.matchAll(/<svg [^>]*class="replication"[\s\S]*?<\/svg>/g)].map(([svg]) => ({
        nodes: [...svg.matchAll(/<g class="node" data-kind="([^"]*)" data-party="([^"]*)">/g)].map(([, kind, party]) => ({ kind, party })),
        edges: [...svg.matchAll(/<a href="#[^"]+" class="edge" data-verdict="([^"]*)" data-action="([^"]*)" data-from="([^"]*)" data-to="([^"]*)">/g)].map(
            ([, verdict, action, from, to]) => ({ verdict, action, from, to }),
        ),
    }));
}

const VERDICT_OF = { allowed: "allowed", denied: "denied", undecided: "undecided" } as const;

describe("check --html", function () {
    this.timeout(60_000);

    for (const example of exampleFiles()) {
        it(`draws ${example.label}: one node per bucket, key and role, one edge per request with its verdict`, async () => {
            const stack = readStackFile(example.file, MAX_BYTES);
            const { page, matrices } = await pageOf(stack);
            const drawn = drawings(page);
            assert.strictEqual(drawn.length, matrices.length, "one drawing per enabled rule");
            assert.ok(matrices.length > 0, "every example has a replication rule");
            for (const [i, matrix] of matrices.entries()) {
                const { nodes, edges } = drawn[i];
                assert.deepStrictEqual(nodes.map((n) => `${n.kind} ${n.party}`).sort(), matrix.parties.map((p) => `${p.kind} ${p.id}`).sort());
                assert.strictEqual(nodes.filter((n) => n.kind === "bucket").length, 2, "the source and destination buckets");
                assert.strictEqual(nodes.filter((n) => n.kind === "role").length, 1, "the role");
                assert.deepStrictEqual(
                    edges,
                    matrix.edges.map((e) => ({ verdict: VERDICT_OF[e.outcome], action: e.action, from: e.from, to: e.to })),
                );
                // The requests every rule makes are drawn whatever the stack shows.
                for (const action of ["sts:AssumeRole", "s3:GetObjectVersionForReplication", "s3:ReplicateObject"]) {
                    assert.ok(
                        edges.some((e) => e.action === action),
                        `${action} is drawn`,
                    );
                }
                for (const edge of edges) {
                    assert.ok(page.includes(`data-verdict="${edge.verdict}"`));
                }
            }
        });
    }

    it("colours the request that breaks replication as denied, and a compliant deployment's requests as allowed", async () => {
        const broken = drawings((await pageOf(readStackFile("examples/stacks/broken-role-without-kms-encrypt.deployed.json", MAX_BYTES))).page)[0];
        assert.deepStrictEqual(
            broken.edges.filter((e) => e.verdict === "denied").map((e) => `${e.action} ${e.to}`),
            ["kms:Encrypt replica key"],
        );
        const compliant = drawings((await pageOf(readStackFile("examples/stacks/compliant-cross-region.deployed.json", MAX_BYTES))).page)[0];
        assert.deepStrictEqual(
            compliant.edges.map((e) => `${e.action} ${e.verdict}`),
            ["sts:AssumeRole allowed", "s3:GetObjectVersionForReplication allowed", "kms:Decrypt allowed", "kms:Encrypt allowed", "s3:ReplicateObject allowed"],
        );
        // A preview cannot read the role's policy yet: its requests are drawn undecided (dashed), never allowed.
        const preview = drawings((await pageOf(readStackFile("examples/stacks/compliant-cross-region.preview.json", MAX_BYTES))).page)[0];
        assert.ok(preview.edges.some((e) => e.verdict === "undecided"));
        assert.ok(!preview.edges.some((e) => e.action === "s3:GetObjectVersionForReplication" && e.verdict === "allowed"));
    });

    it("loads nothing from anywhere: no script, no external URL, a Content-Security-Policy that allows nothing else", async () => {
        const { page } = await pageOf(readStackFile("examples/stacks/broken-bucket-key-object-arn-condition.deployed.json", MAX_BYTES));
        assert.ok(page.includes(`content="default-src 'none'; style-src 'unsafe-inline'"`));
        assert.ok(!/<script|<link|<img|<iframe|@import|src=/i.test(page), "no element that loads anything");
        const urls = [...page.matchAll(/https?:\/\/[^\s"'<)]+/g)].map(([url]) => url);
        assert.deepStrictEqual([...new Set(urls)], ["http://www.w3.org/2000/svg"], "the only URL is the SVG namespace");
        assert.ok(![...page.matchAll(/url\(([^)]*)\)/g)].some(([, target]) => !target.startsWith("#")), "url() only to the page's own markers");
    });

    it('shows a secret as "(secret)": the key ARN the engine marked secret is not in the page', async () => {
        const stack = readStackFile("examples/stacks/broken-role-without-kms-encrypt.deployed.json", MAX_BYTES);
        const key = stack.resources.find((r) => r.urn.endsWith("::replica-key"))!;
        const arn = key.outputs!.arn as string;
        key.outputs!.arn = new Secret(arn);
        const { page } = await pageOf(stack);
        assert.ok(!page.includes(arn.split("/")[1]), "the secret key id is not in the page");
        assert.ok(page.includes("(secret)"));
    });
});
