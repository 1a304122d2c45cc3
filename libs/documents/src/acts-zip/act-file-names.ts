import { fileNameWords } from '../safe-file-name';

/** What names an act in the ZIP: its body and its version. */
export interface ActNaming {
  signatoryId: string;
  bodyName: string;
  version: number;
}

export const MAX_ACT_FILE_NAME_LENGTH = 120;
const MAX_ID_LENGTH = 40;

/**
 * The file name of each act, in order: `31044-avignonet-lauragais-deliberation-v2.pdf`. The
 * signatory id comes first so that two bodies of the same name differ; a name that still
 * collides (ids that fold to the same text, or the same act listed twice) gets `-2`, `-3`…,
 * compared without case since Windows and macOS extract `A.pdf` and `a.pdf` to one file.
 */
export function actFileNames(acts: ActNaming[]): string[] {
  const taken = new Set<string>();
  return acts.map((act) => {
    const id = fileNameWords(act.signatoryId, MAX_ID_LENGTH) || 'signataire';
    const version = `-deliberation-v${act.version}`;
    for (let n = 1; ; n++) {
      const suffix = `${version}${n > 1 ? `-${n}` : ''}.pdf`;
      const room = MAX_ACT_FILE_NAME_LENGTH - id.length - suffix.length - 1;
      const body = fileNameWords(act.bodyName, room);
      const name = `${id}${body ? `-${body}` : ''}${suffix}`;
      if (!taken.has(name.toLowerCase())) {
        taken.add(name.toLowerCase());
        return name;
      }
    }
  });
}
