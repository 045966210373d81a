"use strict";
const $h0 = $rt.nn;
const $h1 = $rt.co;
const $h2 = $rt.cf;
const $h3 = $rt.ci;
const $f0 = $i[8];
const $f1 = $i[6];
const $f2 = $i[5];
const $f3 = $i[10];
const $p0 = (o) => (o !== null && typeof o === "object" ? o["message"] ?? null : null);
const $p1 = (o) => (o !== null && typeof o === "object" ? o["amount"] ?? null : null);
return function run(ctx, event) {
const $T = ctx.trace;
let $at = -1, $g = 8;
let o0 = null, o1 = null;
try {
$T.c[0]++; if ($T.open) $T.event(0, "start", null);
o0 = $h0(event.body);
let $halt0 = false;
try {
$T.c[4]++; if ($T.open) $T.event(4, "start", null);
if (($h2($p1($h1(o0, 2, "object")), 3, "a") < 0)) {
$at = 5;
$T.c[5]++; const $s2 = $T.open ? $T.s(5) : -1;
const r2 = $f2(ctx, "negative amount", "ValidationError");
if ($s2 >= 0) $T.f(5, $s2, r2);
} else {
$at = 6;
$T.c[6]++; const $s1 = $T.open ? $T.s(6) : -1;
const r1 = $f1(ctx, "amount accepted", "info");
if ($s1 >= 0) $T.f(6, $s1, r1);
}
} catch ($e0) {
if (ctx.isFatal($e0)) { $halt0 = true; throw $e0; }
o1 = ctx.errorOf($e0, $at);
$T.c[1]++; if ($T.open) $T.event(1, "finish", o1);
try {
$at = 8;
$T.c[8]++; const $s0 = $T.open ? $T.s(8) : -1;
const r0 = $f0(ctx, $p0(o1), "error");
if ($s0 >= 0) $T.f(8, $s0, r0);
} catch ($e1) {
if (ctx.isFatal($e1)) $halt0 = true;
throw $e1;
}
} finally {
if (!$halt0) {
$at = 10;
$T.c[10]++; const $s3 = $T.open ? $T.s(10) : -1;
const r3 = $f3(ctx, $h3((($h2($p1($h1(o0, 2, "object")), 3, "a") < 0) ? 400 : 200), 10, "status"), $c[0], o1);
if ($s3 >= 0) $T.f(10, $s3, r3);
}
}
} catch ($e) {
if (ctx.isFatal($e)) throw $e;
const $err = ctx.fail($e, $at);
}
};
