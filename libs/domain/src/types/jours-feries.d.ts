declare module '@socialgouv/jours-feries' {
  /** French public holidays of a year, by name, as dates at local midnight. */
  export default function joursFeries(year: number, options?: { alsace?: boolean }): Record<string, Date>;
}
