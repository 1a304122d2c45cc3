import { SignatoryKind } from '@ctg/domain';

/** How a draft names a body of one kind, its assembly, the head it authorises, and the law it deliberates under. */
export interface BodyKindWording {
  /** The kind of body, as a heading of the act puts it: « Commune ». */
  nature: string;
  /** The assembly that votes, with its article, so that the gender is right: « le conseil municipal », « la commission permanente ». */
  assembly: string;
  /** The head the assembly authorises to sign, with its article: « le Maire ». */
  authority: string;
  /** What the act's first visa cites. */
  legalBasis: string;
}

const CGCT = 'le Code général des collectivités territoriales';

/**
 * The words of French local-government practice for each kind of signatory. The Département's
 * CTG is usually approved by the commission permanente on the assembly's delegation (L3211-2);
 * a CAF and a MSA are social-security bodies, outside the CGCT, whose director signs.
 */
const WORDING: Record<SignatoryKind, BodyKindWording> = {
  commune: {
    nature: 'Commune',
    assembly: 'le conseil municipal',
    authority: 'le Maire',
    legalBasis: `${CGCT}, et notamment son article L2121-29`,
  },
  epci: {
    nature: 'Établissement public de coopération intercommunale',
    assembly: 'le conseil communautaire',
    authority: 'le Président',
    legalBasis: `${CGCT}, et notamment son article L5211-1`,
  },
  caf: {
    nature: 'Caisse d’allocations familiales',
    assembly: 'le conseil d’administration',
    authority: 'le Directeur',
    legalBasis: 'le Code de la sécurité sociale',
  },
  departement: {
    nature: 'Département',
    assembly: 'la commission permanente',
    authority: 'le Président du Conseil départemental',
    legalBasis: `${CGCT}, et notamment ses articles L3211-1 et L3211-2`,
  },
  msa: {
    nature: 'Mutualité sociale agricole',
    assembly: 'le conseil d’administration',
    authority: 'le Directeur général',
    legalBasis: 'le Code rural et de la pêche maritime',
  },
  other: {
    nature: 'Organisme',
    assembly: 'l’assemblée délibérante',
    authority: 'le représentant légal',
    legalBasis: 'les statuts de l’organisme',
  },
};

/** The wording for a kind; a kind this version does not know is worded as `other`. */
export function bodyKindWording(kind: SignatoryKind): BodyKindWording {
  return Object.prototype.hasOwnProperty.call(WORDING, kind) ? WORDING[kind] : WORDING.other;
}
