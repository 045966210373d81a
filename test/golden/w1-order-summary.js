"use strict";
const $h0 = $rt.nn;
const $h1 = $rt.co;
const $h2 = $rt.ca;
const $h3 = $rt.cf;
const $h4 = $rt.cs;
const $f0 = $i[17];
const $p0 = (o) => (o !== null && typeof o === "object" ? o["items"] ?? null : null);
const $p1 = (o) => (o !== null && typeof o === "object" ? o["price"] ?? null : null);
const $p2 = (o) => (o !== null && typeof o === "object" ? o["qty"] ?? null : null);
const $p3 = (o) => (o !== null && typeof o === "object" ? o["user"] ?? null : null);
const $p4 = (o) => (o !== null && typeof o === "object" ? o["name"] ?? null : null);
return function run(ctx, event) {
const $T = ctx.trace;
let $at = -1, $g = 8;
let v0 = 0;
let o0 = null, o1 = null;
try {
$T.c[0]++; if ($T.open) $T.event(0, "start", null);
o0 = $h0(event.body);
$T.c[2]++; const $s0 = $T.open ? $T.s(2) : -1;
const $a0 = $h2($p0($h1(o0, 1, "object")), 2, "array");
if ($a0 !== null) {
L0: for (let $k0 = 0, $n0 = $a0.length;;) {
let $n1 = $g;
for (; $n1 > 0; $n1--, $k0++) {
if (!($k0 < $n0)) break;
o1 = $a0[$k0];

v0 = (v0 + ($h3($p1($h1(o1, 3, "object")), 5, "a") * $h3($p2($h1(o1, 4, "object")), 5, "b")));
$T.c[8]++; if ($T.open) $T.event(8, "finish", v0);
}
if ($n1 > 0) { $g = $n1; break; }
$g = ctx.tick();
}
}
if ($s0 >= 0) $T.f(2, $s0, null);
$at = 13; const t0 = $h4($p4($p3($h1(o0, 12, "object"))), 13, "value").toUpperCase();
$at = 14; const t1 = ("Hello, " + t0);
const t2 = v0;
$at = 17;
$T.c[17]++; const $s1 = $T.open ? $T.s(17) : -1;
const r0 = $f0(ctx, 200, $c[0], {"greeting": t1, "total": t2, "tier": ((t2 > 100) ? "gold" : "basic"), "count": ($h2($p0($h1(o0, 1, "object")), 15, "array")?.length ?? 0)});
if ($s1 >= 0) $T.f(17, $s1, r0);
} catch ($e) {
if (ctx.isFatal($e)) throw $e;
const $err = ctx.fail($e, $at);
}
};
