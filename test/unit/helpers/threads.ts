import * as fs from 'node:fs';

/**
 * Each thread of this process and its nice value, as Linux keeps them (field 19 of /proc/self/task/<tid>/stat). A
 * thread that ends between the listing and the reading of its file (a worker's, a V8 helper's) is left out.
 */
export function threadNiceValues(): Map<number, number> {
  const nice = new Map<number, number>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ESRCH') continue;
      throw error;
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (the state)
    nice.set(Number(tid), Number(fields[19 - 3]));
  }
  return nice;
}
