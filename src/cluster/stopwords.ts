// English function words that carry no topic. A short list written for this
// project: clustering only needs the very common words gone, and IDF already
// discounts the rest.
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are around as at be because been before being below
  between both but by can could did do does doing down during each even ever every few for from further had has have
  having he her here hers herself him himself his how however i if in into is it its itself just like many may me might
  more most much must my myself near no nor not now of off often on once one only or other our ours ourselves out over
  own per said same say says she should since so some still such than that the their theirs them themselves then there
  these they this those though through to too under until up upon us very via was we were what when where whether which
  while who whom whose why will with within without would yet you your yours yourself yourselves mr mrs ms
  told according including new also although another across already among back get got go going made make two three
  first last year years time week day days monday tuesday wednesday thursday friday saturday sunday today yesterday`
    .split(/\s+/)
    .filter(Boolean),
);
