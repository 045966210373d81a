"use strict";
const $h0 = $rt.clone;
const $h1 = $rt.ci;
const $h2 = $rt.append;
const $h3 = $rt.cf;
const $f0 = $i[10];
const $f1 = $i[9];
return function run(ctx, event) {
const $T = ctx.trace;
let $at = -1, $g = 8;
let v0 = 0;
let v1 = $h0($c[0]);
let o0 = null, o1 = null;
try {
$T.c[0]++; if ($T.open) $T.event(0, "start", null);
$T.c[1]++; const $s0 = $T.open ? $T.s(1) : -1;
const $end0 = 11, $step0 = 1;
L0: for (let $k0 = 1;;) {
let $n0 = $g;
for (; $n0 > 0; $n0--, $k0 += $step0) {
if (!($k0 < $end0)) break;
o0 = $k0;
v0 = $h1((v0 + o0), 4, "value");
o1 = v0;
$T.c[4]++; if ($T.open) $T.event(4, "finish", v0);
$at = 5;
v1 = $h2(v1, o0, ctx.limits.maxArrayLength);
$T.c[5]++; if ($T.open) $T.event(5, "finish", null);
$T.c[7]++; if ($T.open) $T.event(7, "start", null);
if (((o1 !== null ? o1 : $h3(null, 6, "a")) > 20)) {
$T.c[8]++; if ($T.open) $T.event(8, "start", null);
break L0;
}
}
if ($n0 > 0) { $g = $n0; break; }
$g = ctx.tick();
}
if ($s0 >= 0) $T.f(1, $s0, null);
$at = 10; const t0 = $f0("sum={sum} after {count} steps", {"sum": v0, "count": (v1?.length ?? 0)});
$at = 9;
$T.c[9]++; const $s1 = $T.open ? $T.s(9) : -1;
const r0 = $f1(ctx, t0, "info");
if ($s1 >= 0) $T.f(9, $s1, r0);
} catch ($e) {
if (ctx.isFatal($e)) throw $e;
const $err = ctx.fail($e, $at);
}
};
