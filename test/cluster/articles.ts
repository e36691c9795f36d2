// Small hand-written articles for clustering tests: three stories, two of them
// told by several outlets, plus a look-alike event (another city's flood).
import type { Article } from '../../src/types.js';

/** An Article literal with defaults for the fields a test does not care about. */
export function art(id: string, title: string, text: string, extra: Partial<Article> = {}): Article {
  return { id, title, text, url: null, outlet: `outlet-${id}`, published: null, source: `${id}.txt`, tags: [], ...extra };
}

export const STORIES = {
  bridge: [
    art('b1', 'Harbour bridge in Valdora closed after cracks found in main span', 'Engineers closed the Valdora harbour bridge on Monday after inspectors found cracks in the steel of its main span. The city transport office said the bridge would stay shut to all traffic while the Korvath Engineering team assessed the damage. Ferries will run every fifteen minutes across the harbour.', { published: '2030-03-04T08:00:00Z' }),
    art('b2', 'Valdora shuts its harbour bridge: cracks in the steel', 'The harbour bridge of Valdora is closed until further notice. Inspectors from Korvath Engineering found cracks in the main span during a routine check, and the transport office stopped all traffic. Extra ferries cross the harbour.', { published: '2030-03-04T10:30:00Z' }),
    art('b3', 'Cracked span keeps Valdora bridge closed', 'Commuters in Valdora faced long queues for ferries after the harbour bridge was closed. Korvath Engineering inspectors said the cracks in the steel main span must be repaired before traffic can return to the bridge.', { published: '2030-03-05T07:00:00Z' }),
  ],
  orchestra: [
    art('o1', 'Mirelle Ostrand named conductor of the Lanmoor Philharmonic', 'The Lanmoor Philharmonic has named Mirelle Ostrand its new principal conductor. Ostrand, who led the orchestra in a celebrated Bruckner cycle last winter, takes up the post next season and signed a five-year contract.', { published: '2030-03-03T12:00:00Z' }),
    art('o2', 'Lanmoor Philharmonic picks Ostrand as principal conductor', 'Mirelle Ostrand will become principal conductor of the Lanmoor Philharmonic next season. The orchestra said her five-year contract begins in September, after her Bruckner concerts won praise from critics.', { published: '2030-03-03T15:00:00Z' }),
  ],
  comet: [
    art('c1', 'Amateur astronomer spots new comet near Orion', 'An amateur astronomer in Tessel Bay photographed a faint new comet close to the constellation Orion. Observatories confirmed the sighting and named the comet after its finder, Ilsa Brandeau.', { published: '2030-03-02T21:00:00Z' }),
  ],
  floodA: [
    art('f1', 'River Amsel floods Kettering Cross, hundreds evacuated', 'The river Amsel burst its banks at Kettering Cross overnight and flooded the old town. Firefighters evacuated four hundred residents, and the mayor, Tomas Ferrow, opened the school gym as a shelter.', { published: '2030-03-06T06:00:00Z' }),
    art('f2', 'Kettering Cross evacuated as the Amsel breaks its banks', 'Four hundred people left their homes in Kettering Cross when the Amsel flooded the old town. Mayor Tomas Ferrow said the school gym will shelter families until the water falls.', { published: '2030-03-06T09:00:00Z' }),
  ],
  floodB: [
    art('g1', 'Flooding in Pellham after the Dorne overflows; families evacuated', 'The river Dorne overflowed in Pellham on Saturday and flooded the harbour district. Firefighters evacuated sixty families, and mayor Anke Liddell opened the town hall as a shelter.', { published: '2030-03-06T07:00:00Z' }),
    art('g2', 'Dorne floods Pellham harbour district', 'Sixty families were evacuated from the harbour district of Pellham when the Dorne overflowed. Mayor Anke Liddell said the town hall shelters those who had to leave.', { published: '2030-03-06T11:00:00Z' }),
  ],
};
