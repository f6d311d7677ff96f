/**
 * One row of PS3.15 Annex E Table E.1-1. Action codes (PS3.15 §E.1.1 "Action Codes"):
 * D dummy, Z zero length, X remove, K keep, C clean, U replace UID; compound codes leave the choice
 * to the implementation according to the attribute's Type in the IOD (see compound.ts).
 */
export type BasicAction = 'D' | 'Z' | 'X' | 'K' | 'C' | 'U' | 'Z/D' | 'X/Z' | 'X/D' | 'X/Z/D' | 'X/Z/U*';

/** Option columns only ever say Keep or Clean. */
export type OptionAction = 'K' | 'C';

export type OptionColumn =
  | 'rtnSafePrivOpt'
  | 'rtnUIDsOpt'
  | 'rtnDevIdOpt'
  | 'rtnInstIdOpt'
  | 'rtnPatCharsOpt'
  | 'rtnLongFullDatesOpt'
  | 'rtnLongModifDatesOpt'
  | 'cleanDescOpt'
  | 'cleanStructContOpt'
  | 'cleanGraphOpt';

export type ProfileRow = {
  /** 8 lower-case hex digits, "x" for a wildcard nibble, or "ggggeeee" for odd (private) groups. */
  tag: string;
  name: string;
  basicProfile: BasicAction;
  /** "In Std. Comp. IOD": the attribute appears in some standard composite IOD. */
  stdCompIOD: boolean;
} & { [K in OptionColumn]?: OptionAction };
