/**
 * Milestone ids. Upwork's own ids come from the page's data (REFERENCE §4 Milestone.id); a
 * milestone read only from the rendered page has none there, so it gets `#<sequence>`, which can
 * never be an Upwork id. Change detection pairs such milestones by title and sequence instead.
 */
export function syntheticMilestoneId(sequence: number): string {
  return `#${sequence}`;
}

export function isSyntheticMilestoneId(id: string): boolean {
  return id.startsWith('#');
}
