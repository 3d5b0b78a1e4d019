import { Stack, Tabs, Title } from '@mantine/core';
import { Navigate, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { DateToDateReport } from './DateToDateReport';

/** The reports, one tab each; more join "Date to date" as they are built. */
const REPORTS = { 'date-to-date': DateToDateReport } as const;
type ReportKey = keyof typeof REPORTS;

export function ReportsPage() {
  const { t } = useTranslation();
  const { report } = useParams();
  const navigate = useNavigate();
  if (!report || !(report in REPORTS)) return <Navigate to="/reports/date-to-date" replace />;
  const active = report as ReportKey;
  const Report = REPORTS[active];

  return (
    <Stack gap="lg">
      <Title order={2}>{t('reports.title')}</Title>
      <Tabs value={active} onChange={(next) => next && navigate(`/reports/${next}`)} keepMounted={false}>
        <Tabs.List mb="lg">
          {Object.keys(REPORTS).map((key) => (
            <Tabs.Tab key={key} value={key}>
              {t(`reports.tabs.${key}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value={active}>
          <Report />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
