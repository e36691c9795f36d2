// GAZETTE_SCHEDULE checked in plain words: node-cron decides what is valid (so
// the check and the timer never disagree), but its messages ("61 is a invalid
// expression for minute") name neither the setting nor what a field allows.
import { validateDetailed } from 'node-cron';

const FIELDS: Record<string, { name: string; allows: string }> = {
  second: { name: 'seconds', allows: '0 to 59' },
  minute: { name: 'minute', allows: '0 to 59' },
  hour: { name: 'hour', allows: '0 to 23' },
  dayOfMonth: { name: 'day-of-month', allows: '1 to 31' },
  month: { name: 'month', allows: '1 to 12 or jan to dec' },
  dayOfWeek: { name: 'weekday', allows: '0 to 7 (0 and 7 are Sunday) or sun to sat' },
};

const FORMS = 'each field is *, a value, a list such as 1,15, a range such as 1-5, or a step such as */15';

/** Why `expression` is not a usable schedule, in words for the operator; null when it is one. */
export function cronProblem(expression: string): string | null {
  const expr = expression.trim();
  const fields = expr.split(/\s+/).length;
  if (fields !== 5 && fields !== 6) {
    return `must be a cron expression of five fields (minute hour day-of-month month weekday, such as "0 7 * * *" for 07:00 every day) or six with seconds first; it has ${fields}`;
  }
  const checked = validateDetailed(expr);
  if (checked.valid) return null;
  const parts = checked.errors.map((e) => {
    const field = FIELDS[e.field] ?? { name: e.field, allows: 'other values' };
    return `its ${field.name} field ${e.value !== undefined ? `"${e.value}" ` : ''}is not valid (it allows ${field.allows})`;
  });
  return `is not a usable schedule: ${parts.join('; ')}; ${FORMS}`;
}
