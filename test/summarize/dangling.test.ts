import { describe, expect, it } from 'vitest';
import { danglingReason, isDangling, opensDangling } from '../../src/summarize/dangling.js';

// Real sentences from the news sets in ../shared/data and the seeds, quoted
// so the rules are read against the kind of text they meet.
describe('dangling openers', () => {
  it('flags pronoun, demonstrative and connective openers', () => {
    for (const s of [
      'He said the decision had been made weeks earlier.',
      'She has played an Auschwitz survivor, a nuclear-reactor worker-turned- whistleblower, and the ruthless editor of a fashion magazine.',
      'They are extracting six kidneys from donors and implanting them into six recipients.',
      'It resulted in six patients receiving transplants.',
      'That tactic was particularly effective last year, according to researchers at Chainalysis, a company that monitors transactions on blockchains.',
      'This was the plan to move George Zimmerman out of the Seminole County Jail and make him disappear.',
      'But the power that multiplied Broussard\'s gift was data processing of genetic profiles from donor-recipient pairs.',
      'However, the bank said profits would fall next year.',
      'Also, the United States wants to enforce new sanctions against North Korea.',
      'Until then, the crew had never won on the Marrow River.',
      'In addition, the United States wants to enforce new sanctions against North Korea through the United Nations.',
      'Then, near the intersection of Magazine and St. Andrew, more surveillance video captures the Hummer stopping abruptly.',
    ]) {
      expect(isDangling(s), s).toBe(true);
    }
  });

  it('flags a definite description or an attribution to something never named', () => {
    expect(danglingReason('The Briton, running for the first time since his injury, finished fourth.')).toMatch(/The Briton/);
    expect(danglingReason('The company said it would appeal against the ruling.')).toMatch(/The company/);
    expect(danglingReason('The 29-year-old has been out since March.')).toMatch(/29-year-old/);
    expect(danglingReason("North Korea's hackers successfully breached at least seven cryptocurrency exchanges and laundered the money, the company said.")).toMatch(/the company said/);
    expect(danglingReason('"I\'m as shocked as you people."')).toMatch(/quotation/);
    expect(danglingReason('"We dig up the past for a living," he said.')).toMatch(/only a pronoun/);
    expect(danglingReason('"We built the marsh and hoped something would move in," said Dr. Femi Anand-Gale, the trust\'s senior ecologist.')).toBeNull();
    expect(danglingReason('Mr Howard said the plans were unfair.')).toMatch(/Mr Howard/);
  });

  it('accepts the same description once the summary has introduced it', () => {
    const before = ['Chainalysis, a company that monitors blockchains, published its yearly report on Thursday.'];
    expect(isDangling('The company said North Korea laundered the money through mixers.', before)).toBe(false);
    expect(isDangling('Shares rose 5%, the company said.', ['Acme, the company behind the Road Runner traps, reported a record year.'])).toBe(false);
  });

  it('does not flag ledes that name who and what', () => {
    for (const s of [
      'The dollar has hit its highest level against the euro in almost three months after the Federal Reserve head said the US trade deficit is set to stabilise.',
      'The Japanese economy has officially gone back into recession for the fourth time in a decade.',
      'The government has written to two of the British men freed from Guantanamo Bay.',
      'The man who said he got Oscar-nominated movie The Aviator off the ground has been shut out of the Oscars.',
      'The latest edition of the Good Country Index has crowned Sweden as the world’s best country.',
      'Sir Joshua Reynolds\' Portrait of Omai will get a public airing following fears it would stay hidden.',
      'North Korea stole nearly $400 million in cryptocurrency in 2021, particularly ethereum, researchers have found.',
      '(CNN) The BBC has suspended Jeremy Clarkson, the host of car show "Top Gear," following "a fracas with a BBC producer."',
      'There were 12 people on board when the ferry left Dover.',
      'It is not clear whether the bank will appeal against the fine.',
      'It was expected that the vote would be held before Easter.',
      'Last week, the council voted to close the Harbour Bridge for six months.',
    ]) {
      expect(danglingReason(s), s).toBeNull();
    }
  });

  it('opensDangling looks at the first sentence only', () => {
    expect(opensDangling(['He won.', 'Smith was named player of the match.'])).toBe(true);
    expect(opensDangling(['Smith was named player of the match.', 'He won.'])).toBe(false);
    expect(opensDangling([])).toBe(false);
  });
});
