/**
 * The wording a campaign starts with: the extract of the register that a secretary puts on the
 * agenda, after the deliberations the bodies of the Terres du Lauragais passed in 2023 (visas,
 * considérants, decision, the vote counts left blank). See `draft-template.ts` for the language.
 */
export const DEFAULT_DRAFT_TEMPLATE = `# EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS

{{nature}} : {{collectivite}}
Séance du …
Date de la convocation : …
Membres en exercice : …
Présents : …
Votants : …

Délibération n° …

# Objet : approbation de la Convention Territoriale Globale et autorisation de signature

{{autorite}} expose que la Caisse d’allocations familiales et ses partenaires du territoire ({{territoire}}) ont élaboré ensemble un projet social de territoire, dont la convention « {{convention}} » fixe les engagements communs. La convention a été présentée à la conférence des maires le {{date_conference}} ; chaque signataire est appelé à en délibérer avant le {{date_limite}}.

Vu {{fondement}} ;

Vu la circulaire de la Caisse nationale des allocations familiales du 16 janvier 2020 relative au déploiement des conventions territoriales globales ;

Vu la convention « {{convention}} », version {{version}}, d’empreinte SHA-256 {{empreinte}}, annexée à la présente délibération ;

Considérant que la convention d’objectifs et de gestion conclue entre l’État et la Caisse nationale des allocations familiales a mis fin aux contrats enfance jeunesse, et que la Convention Territoriale Globale prend leur relais pour assurer la continuité des partenariats et des financements de la Caisse d’allocations familiales ;

Considérant que la Convention Territoriale Globale est un document cadre partenarial, fondé sur un projet social de territoire co-construit en cohérence avec le projet politique global du territoire, autour des grandes thématiques de l’action sociale : petite enfance, enfance, jeunesse et parentalité ; animation de la vie locale ; inclusion et accès aux droits ; bien vieillir et santé ; logement et cadre de vie ;

Considérant que le projet social de territoire et la convention ont été présentés à la conférence des maires du {{date_conference}} ;

Considérant l’intérêt, pour les familles et les habitants du territoire, de poursuivre et de renforcer cette coopération ;

{{assemblee}}, après en avoir délibéré,

APPROUVE la convention « {{convention}} », version {{version}}, annexée à la présente délibération ;

AUTORISE {{autorite}} à signer la Convention Territoriale Globale ainsi que tout document s’y rapportant.

Pour : …
Contre : …
Abstentions : …

Fait et délibéré les jour, mois et an susdits.

Pour extrait certifié conforme,
À …, le …
{{autorite}}
`;
