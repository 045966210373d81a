// The password rule (docs/api.md "Accounts"): at least 12 characters, and none of the passwords a
// guesser tries first — the most common ones, one character or a short group repeated, a plain
// ascending or descending run of characters, a common word with only digits or symbols around it.

export const MIN_PASSWORD_LENGTH = 12;

/** Lower-case, at least 12 characters: shorter ones fail the length rule anyway. */
const COMMON = new Set([
  'password1234',
  'password12345',
  'password123456',
  'password123!',
  'passwordpassword',
  'passw0rd1234',
  'p@ssw0rd1234',
  'p@ssword1234',
  'qwerty123456',
  'qwertyuiop12',
  'qwertyuiop123',
  '123456qwerty',
  'qwerty12345678',
  'qwertyuiopasdf',
  'asdfghjkl123',
  '1q2w3e4r5t6y',
  'q1w2e3r4t5y6',
  '1qaz2wsx3edc',
  'qazwsxedcrfv',
  'zaq12wsxcde3',
  '123qweasdzxc',
  'zxcvbnm12345',
  'abc123456789',
  '123456789abc',
  'iloveyou1234',
  'administrator',
  'letmein12345',
  'welcome12345',
  'changeme1234',
  'trustno11234',
  'football1234',
  'baseball1234',
  'superman1234',
  'starwars1234',
  'sunshine1234',
  'princess1234',
  'whatever1234',
  'monkey123456',
  'dragon123456',
  'correct horse battery staple',
  'correcthorsebatterystaple',
  'iloveyouforever',
  'qwertyqwerty',
  'asdfasdfasdf',
]);
/** Words that are not a password with only digits and symbols around them ("Password2024!"). */
const COMMON_WORDS = new Set([
  'password',
  'passw0rd',
  'p@ssw0rd',
  'qwerty',
  'qwertyuiop',
  'letmein',
  'welcome',
  'admin',
  'administrator',
  'iloveyou',
  'changeme',
  'dragops',
  'secret',
  'login',
]);

export interface PasswordProblem {
  rule: 'minLength' | 'common' | 'commonWord' | 'repeated' | 'sequence';
  message: string;
}

/** Why the password is refused (`message` follows "password "), or undefined when it is acceptable. */
export function passwordProblem(password: string): PasswordProblem | undefined {
  const chars = [...password];
  if (chars.length < MIN_PASSWORD_LENGTH) return { rule: 'minLength', message: `must be at least ${MIN_PASSWORD_LENGTH} characters long` };
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return { rule: 'common', message: 'is one of the most common passwords' };
  const word = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, '');
  if (COMMON_WORDS.has(word)) return { rule: 'commonWord', message: `is a common word ("${word}") with only digits or symbols around it` };
  if (repeated([...lower])) return { rule: 'repeated', message: 'is one character or a short group of characters repeated' };
  if (run([...lower])) return { rule: 'sequence', message: 'is a plain ascending or descending sequence of characters' };
  return undefined;
}

/** One character, or a group of up to 4, repeated over the whole password ("aaaa…", "abcabc…"). */
function repeated(c: string[]): boolean {
  for (let unit = 1; unit <= 4; unit++) {
    if (c.length < unit * 2) break;
    let same = true;
    for (let i = unit; i < c.length && same; i++) same = c[i] === c[i - unit];
    if (same) return true;
  }
  return false;
}

/** Each character the next (or each the previous) of the one before: "abcdef…", "987654…";
 * digits go round ("…7890123"). */
function run(c: string[]): boolean {
  const step = (a: string, b: string): number => {
    if (a === '9' && b === '0') return 1;
    if (a === '0' && b === '9') return -1;
    return b.codePointAt(0)! - a.codePointAt(0)!;
  };
  const first = step(c[0]!, c[1]!);
  if (first !== 1 && first !== -1) return false;
  for (let i = 2; i < c.length; i++) if (step(c[i - 1]!, c[i]!) !== first) return false;
  return true;
}
