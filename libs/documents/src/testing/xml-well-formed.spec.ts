import { wellFormedXmlText } from './xml-well-formed';

const NS = 'xmlns:w="urn:w"';

describe('the XML well-formedness check the document tests rely on', () => {
  it('accepts a document as Word and LibreOffice write them, and returns its text with references resolved', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:doc ${NS} a='1'><!-- note --><w:p w:x="&quot;q&quot;">A &amp; B &lt;w:t&gt; &#233;&#x2026;</w:p><w:br/><![CDATA[<raw>]]></w:doc>`;
    expect(wellFormedXmlText(xml)).toBe('A & B <w:t> é…<raw>');
    expect(wellFormedXmlText(Buffer.from(xml, 'utf8'))).toBe('A & B <w:t> é…<raw>');
  });

  it.each([
    ['an unescaped ampersand', `<w:doc ${NS}>A & B</w:doc>`, /&/],
    ['an unknown entity', `<w:doc ${NS}>&nbsp;</w:doc>`, /entity/],
    ['a less-than sign in an attribute', `<w:doc ${NS} a="<"/>`, /</],
    ['an unquoted attribute', `<w:doc ${NS} a=1/>`, /not quoted/],
    ['a duplicated attribute', `<w:doc ${NS} a="1" a="2"/>`, /twice/],
    ['crossed tags', `<w:doc ${NS}><a><b></a></b></w:doc>`, /closes/],
    ['an element never closed', `<w:doc ${NS}><a></w:doc>`, /closes/],
    ['a root never closed', `<w:doc ${NS}><a/>`, /never closed/],
    ['two roots', `<a/><b/>`, /second root/],
    ['text outside the root', `<a/>x`, /outside/],
    ['an undeclared prefix', `<text:p>x</text:p>`, /prefix text/],
    ['a U+0000', `<a>\u0000</a>`, /U\+0/],
    ['a U+FFFE', `<a>\ufffe</a>`, /U\+fffe/],
    ['a lone surrogate', `<a>\ud800</a>`, /U\+d800/],
    ['a reference to U+0001', `<a>&#1;</a>`, /cannot hold/],
    ['a DOCTYPE', `<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>`, /DOCTYPE/],
    [']]> in text', `<a>]]></a>`, /\]\]>/],
    ['a late XML declaration', `<a><?xml version="1.0"?></a>`, /declaration/],
  ])('refuses %s', (_what, xml, problem) => {
    expect(() => wellFormedXmlText(xml)).toThrow(problem);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(() => wellFormedXmlText(Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e]))).toThrow(/UTF-8/);
  });
});
