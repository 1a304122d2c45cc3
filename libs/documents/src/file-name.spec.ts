import { contentDisposition, fileNameProblem } from './file-name';

describe('fileNameProblem', () => {
  it.each(['acte.pdf', 'Délibération n°12 (signée).pdf', '議事録.pdf', `${'é'.repeat(251)}.pdf`])('accepts %s', (name) => {
    expect(fileNameProblem(name)).toBeUndefined();
  });

  it.each([
    [undefined, 'required'],
    ['   ', 'required'],
    [`${'a'.repeat(252)}.pdf`, 'longer than 255'],
    ['../acte.pdf', 'path separator'],
    ['dossier\\acte.pdf', 'path separator'],
    ['acte\u0000.pdf', 'control character'],
    ['acte\r\n.pdf', 'control character'],
    ['acte\u0085.pdf', 'control character'],
    ['fdp.exe\u202e', 'control character'],
    ['acte\ufffd.pdf', 'UTF-8'],
    ['..', 'directory'],
  ])('refuses %j', (name, words) => {
    expect(fileNameProblem(name)).toContain(words);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII name to old clients and the exact name in UTF-8', () => {
    expect(contentDisposition('Délibération "CTG" 100%.pdf')).toBe(
      `attachment; filename="Deliberation _CTG_ 100_.pdf"; filename*=UTF-8''D%C3%A9lib%C3%A9ration%20%22CTG%22%20100%25.pdf`,
    );
  });

  it("percent-encodes what RFC 8187 does not allow bare: ' ( ) *", () => {
    expect(contentDisposition("l'acte (v2)*.pdf")).toContain(`filename*=UTF-8''l%27acte%20%28v2%29%2A.pdf`);
  });

  it('writes each character ASCII lacks as _ in the fallback', () => {
    expect(contentDisposition('議事録')).toBe(`attachment; filename="___"; filename*=UTF-8''%E8%AD%B0%E4%BA%8B%E9%8C%B2`);
  });

  it('survives a lone surrogate', () => {
    expect(contentDisposition('acte\ud800.pdf')).toContain(`filename*=UTF-8''acte%EF%BF%BD.pdf`);
  });
});
