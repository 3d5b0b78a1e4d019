import { useCallback, useMemo } from 'react';
import { Center, Paper, Stack, Table, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { Wordcloud } from '@visx/wordcloud';
import { useTranslation } from 'react-i18next';
import { useGroupClassifications, type GroupClassifications } from '../../api/group-reports';
import { useFieldErrors } from '../../components/field-errors';
import { useFormatters } from '../../components/format';
import { MoneyText } from '../../components/MoneyText';
import { ProblemAlert } from '../../components/ProblemAlert';
import { GroupReportRangeFields, useGroupReportChoice } from './group-report-range';

type Term = GroupClassifications['items'][number];
// d3-cloud writes its own fields (weight among them: the font weight) onto each word, so ours are named apart.
interface Word {
  text: string;
  share: number;
}

const HEIGHT = 420;
const MIN_FONT = 13;
const MAX_FONT = 64;
// Darker for the terms the group spends most on, so size and colour say the same thing: the first shade whose
// lowest weight the term reaches.
const SHADES: readonly [number, string][] = [[0.75, 'blue-8'], [0.5, 'blue-6'], [0.25, 'cyan-7'], [0, 'teal-7']];
const shadeOf = (share: number) => SHADES.find(([lowest]) => share >= lowest)?.[1] ?? 'gray-7';

/** The product classifications a group's customers bought, as a cloud whose biggest words are where they spend most. */
export function GroupWordCloudTab({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const { choice, change, today, latestDay } = useGroupReportChoice();
  const cloud = useGroupClassifications({ group_id: groupId, from: choice.from, to: choice.to, membership: choice.membership });
  const errors = useFieldErrors(cloud.error);
  const format = useFormatters();
  const items = cloud.data?.items;

  return (
    <Stack gap="lg" data-testid="group-word-cloud">
      <Paper withBorder radius="md" p="md">
        <GroupReportRangeFields choice={choice} change={change} today={today} latestDay={latestDay} errors={errors} />
      </Paper>
      <Text size="sm" c="dimmed">
        {t('groupReport.cloud_hint', { from: format.date(choice.from), to: format.date(choice.to) })}
      </Text>
      <ProblemAlert error={cloud.error} />
      <Paper withBorder radius="md" p="md" style={{ opacity: cloud.isPlaceholderData ? 0.6 : 1 }}>
        {items === undefined ? (
          <Center h={HEIGHT}>
            <Text c="dimmed">…</Text>
          </Center>
        ) : items.length === 0 ? (
          <Center h={160} data-testid="word-cloud-empty">
            <Text c="dimmed">{t('groupReport.cloud_empty')}</Text>
          </Center>
        ) : (
          <Cloud items={items} />
        )}
      </Paper>
      {items && items.length > 0 && <TermsTable items={items} currency={cloud.data!.currency} />}
    </Stack>
  );
}

/** The cloud itself, as wide as its box. The layout is seeded, so the same terms land in the same places. */
function Cloud({ items }: { items: Term[] }) {
  const { ref, width } = useElementSize();
  const words = useMemo<Word[]>(() => items.map((item) => ({ text: item.term, share: item.weight })), [items]);
  // Font size grows with the square root of the weight, so a word's area, not its height, follows the spend.
  const fontSize = useCallback((word: Word) => MIN_FONT + Math.sqrt(word.share) * (MAX_FONT - MIN_FONT), []);
  const random = useMemo(() => seededRandom(words.length), [words, width]);
  return (
    <div ref={ref} style={{ width: '100%', height: HEIGHT }} data-testid="word-cloud" role="img" aria-label={items.map((item) => item.term).join(', ')}>
      {width > 0 && (
        <Wordcloud<Word>
          words={words}
          width={width}
          height={HEIGHT}
          fontSize={fontSize}
          font="Inter, system-ui, sans-serif"
          fontWeight={600}
          padding={3}
          spiral="archimedean"
          rotate={0}
          random={random}
        >
          {(placed) =>
            placed.map((word) => {
              const source = words.find((w) => w.text === word.text)!;
              return (
                <text
                  key={word.text}
                  textAnchor="middle"
                  transform={`translate(${word.x}, ${word.y}) rotate(${word.rotate ?? 0})`}
                  fontSize={word.size}
                  fontFamily={word.font}
                  fontWeight={word.weight}
                  fill={`var(--mantine-color-${shadeOf(source.share)})`}
                  data-term={word.text}
                  data-weight={source.share}
                >
                  {word.text}
                </text>
              );
            })
          }
        </Wordcloud>
      )}
    </div>
  );
}

/** The same terms as a list, for reading the amounts (and for words the cloud had no room for). */
function TermsTable({ items, currency }: { items: Term[]; currency: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const percent = new Intl.NumberFormat(format.locale, { style: 'percent', maximumFractionDigits: 0 });
  return (
    <Paper withBorder radius="md">
      <Table.ScrollContainer minWidth={360} mah={360}>
        <Table verticalSpacing={4} stickyHeader data-testid="word-cloud-terms">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('groupReport.term')}</Table.Th>
              <Table.Th ta="right">{t('groupReport.spend')}</Table.Th>
              <Table.Th ta="right">{t('groupReport.weight')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr key={item.term} data-term={item.term}>
                <Table.Td>{item.term}</Table.Td>
                <Table.Td ta="right">
                  <MoneyText size="sm" amountMinor={item.spend} currency={currency} />
                </Table.Td>
                <Table.Td ta="right" c="dimmed">
                  {percent.format(item.weight)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

/** A small seeded generator (mulberry32): d3-cloud then places the same words the same way on every render. */
function seededRandom(seed: number): () => number {
  let state = seed + 0x6d2b79f5;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
