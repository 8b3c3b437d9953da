#!/usr/bin/env bash
# Proves that the e2e suite catches a broken package. Packs the package once, makes broken copies
# of the tarball, and runs `npm run test:e2e` against each through E2E_TARBALL. Every broken copy
# must make the suite fail; the untouched copy must pass.
#
# Usage: test/e2e/prove-catches.sh            (all cases; E2E_N8N_VERSION picks the n8n as usual)
#        PROVE_CASES="a1 b" test/e2e/prove-catches.sh
# Logs: test-output/prove-catches/<case>.log (test-output/ is git-ignored).
#
# Cases:
#   baseline        the tarball as packed                                   expect: pass
#   a1-n8n-path     package.json "n8n.nodes" points at a missing file        expect: fail (not loadable)
#   a2-class-name   the node's exported class is not named like its file     expect: fail (not loadable)
#   b-signing       dist signer derives its key with 'requests' not 'request' expect: fail (SignatureDoesNotMatch)
#   c1-paired-wrong dist router pairs every output item with input item 0     expect: fail (pairedItem)
#   c2-paired-drop  dist router sets no pairedItem at all                     expect: fail (pairedItem)
# c2 is caught by the Get Many test only: when a node returns exactly one item per input item,
# n8n itself fills in a missing pairedItem by index (WorkflowExecute.assignPairedItems, 1.x and
# 2.x), so for Bind nothing observable breaks. With two inputs and four records it cannot guess.
set -uo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../../scripts/env.sh
. scripts/env.sh

cases="${PROVE_CASES:-baseline a1-n8n-path a2-class-name b-signing c1-paired-wrong c2-paired-drop}"
out="test-output/prove-catches"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "[prove] npm run build + npm pack"
npm run build >"$out/build.log" 2>&1 || { echo "[prove] build failed, see $out/build.log"; exit 2; }
base="$work/$(npm pack --silent --pack-destination "$work" | tail -n1)"

# replace FILE OLD NEW: exactly one occurrence, or the mutation (and so the proof) is void.
replace() {
	node -e '
		const fs = require("fs");
		const [file, from, to] = process.argv.slice(1);
		const text = fs.readFileSync(file, "utf8");
		const count = text.split(from).length - 1;
		if (count !== 1) { console.error(`[prove] ${file}: expected one "${from}", found ${count}`); process.exit(3); }
		fs.writeFileSync(file, text.replace(from, to));
	' "$@"
}

mutate() { # mutate CASE: writes $work/CASE.tgz
	local dir="$work/$1"
	rm -rf "$dir" && mkdir -p "$dir" && tar -xzf "$base" -C "$dir" || return 1
	(
		cd "$dir/package" || exit 1
		set -e
		case "$1" in
		baseline) ;;
		a1-n8n-path)
			replace package.json '"dist/nodes/VolcengineVms/VolcengineVms.node.js"' '"dist/nodes/VolcengineVms/VolcengineVms.js"' ;;
		a2-class-name)
			replace dist/nodes/VolcengineVms/VolcengineVms.node.js 'exports.VolcengineVms = VolcengineVms;' 'exports.VolcengineVmsNode = VolcengineVms;'
			replace dist/nodes/VolcengineVms/VolcengineVms.node.js 'exports.VolcengineVms = void 0;' 'exports.VolcengineVmsNode = void 0;' ;;
		b-signing)
			replace dist/credentials/volcengine/signing.js "service), 'request');" "service), 'requests');" ;;
		c1-paired-wrong)
			replace dist/nodes/VolcengineVms/actions/router.js 'itemData: { item: i }' 'itemData: { item: 0 }'
			replace dist/nodes/VolcengineVms/actions/router.js 'pairedItem: { item: i }' 'pairedItem: { item: 0 }' ;;
		c2-paired-drop)
			replace dist/nodes/VolcengineVms/actions/router.js 'itemData: { item: i }' 'itemData: undefined'
			replace dist/nodes/VolcengineVms/actions/router.js ', pairedItem: { item: i } }' ' }' ;;
		*) echo "[prove] unknown case $1" >&2; exit 1 ;;
		esac
	) || return 1
	tar -czf "$work/$1.tgz" -C "$dir" package
}

expected() { case "$1" in baseline) echo pass ;; *) echo fail ;; esac; }

status=0
summary=()
for c in $cases; do
	if ! mutate "$c"; then
		summary+=("$c: could not build the mutated tarball (the mutation no longer applies)")
		status=1
		continue
	fi
	echo "[prove] $c: npm run test:e2e with E2E_TARBALL=$c.tgz"
	start=$(date +%s)
	E2E_TARBALL="$work/$c.tgz" npm run test:e2e -- --json --outputFile="$out/$c.json" >"$out/$c.log" 2>&1
	rc=$?
	got=$([ $rc -eq 0 ] && echo pass || echo fail)
	want=$(expected "$c")
	verdict=$([ "$got" = "$want" ] && echo OK || echo UNEXPECTED)
	[ "$verdict" = OK ] || status=1
	summary+=("$c: suite ${got}ed (expected $want) [$verdict] in $(($(date +%s) - start)) s")
	# Per test: passed, or failed with the first line of its failure.
	while IFS= read -r line; do summary+=("    $line"); done < <(node -e '
		const fs = require("fs");
		let r;
		try { r = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); } catch { console.log("(no jest results: setup failed, see the log)"); process.exit(0); }
		console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numTotalTests} total`);
		for (const file of r.testResults) {
			if (!file.assertionResults.length && file.message) console.log(`suite error: ${file.message.split("\n").find((l) => l.trim()).trim()}`);
			for (const t of file.assertionResults) {
				if (t.status !== "failed") continue;
				const msg = (t.failureMessages[0] || "").replace(/\u001b\[[0-9;]*m/g, "").split("\n").map((l) => l.trim()).filter(Boolean);
				const pick = (re) => msg.find((l) => re.test(l));
				const where = (pick(/^at .*\.test\.js:\d+/) || "").replace(/^at .*\/(test\/e2e\/[^:]+:\d+).*/, "$1");
				let lines;
				if (msg.some((l) => /n8n said:$/.test(l))) {
					lines = [pick(/n8n said:$/), pick(/^Execution error: /) || pick(/^\[error\] /)];
				} else if (msg.some((l) => /^- Expected/.test(l))) {
					lines = [`${msg[0]} at ${where}`, pick(/^-\s+(?!Expected)\S/), pick(/^\+\s+(?!Received)\S/)];
				} else {
					lines = [pick(/^Expected/), pick(/^Received/), where && `at ${where}`];
				}
				const shown = lines.filter(Boolean).length ? lines.filter(Boolean) : [msg[0] || ""];
				console.log(`FAIL ${t.title}`);
				for (const l of shown) console.log(`      ${l.replace(/^Error: /, "").slice(0, 170)}`);
			}
		}
	' "$out/$c.json")
done

echo
echo "[prove] n8n ${E2E_N8N_VERSION:-$(node -p 'require("./test/harness/n8n-version.json").n8n')}; logs in $out/"
printf '%s\n' "${summary[@]}"
exit $status
