import { useState, type FormEvent } from 'react';
import {
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  Radio,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isProblem } from '../../api/client';
import { useLogin, useSession, type StoreChoice } from '../../api/session';
import { problemMessage, useFieldErrors } from '../../components/field-errors';
import { LanguageMenu } from '../../components/LanguageMenu';
import { LogoMark } from '../../components/LogoMark';

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const { data: session } = useSession();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [stores, setStores] = useState<StoreChoice[] | null>(null);
  const [storeId, setStoreId] = useState<string | null>(null);

  const from = (location.state as { from?: string } | null)?.from ?? '/';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate(
      { email, password, ...(stores && storeId ? { store_id: storeId } : {}) },
      {
        onSuccess: () => navigate(from, { replace: true }),
        onError: (error) => {
          // The same email works in several stores: ask which one, then send the login again.
          if (isProblem(error, 'session.store_choice')) {
            const choices = (error.problem.stores as StoreChoice[] | undefined) ?? [];
            setStores(choices);
            setStoreId(choices[0]?.id ?? null);
          }
        },
      },
    );
  };

  const choosingStore = stores !== null;
  const error = login.error && !isProblem(login.error, 'session.store_choice') ? login.error : null;
  const fieldErrors = useFieldErrors(error);
  if (session) return <Navigate to={from} replace />;

  return (
    <Box mih="100vh" bg="gray.0">
      <Group justify="flex-end" p="md">
        <LanguageMenu saveOnUser={false} />
      </Group>
      <Center px="md" pb={80}>
        <Stack w={400} maw="100%" gap="lg">
          <Stack align="center" gap={6}>
            <LogoMark large />
            <Title order={1} size="h2">
              Clientele
            </Title>
            <Text c="dimmed" size="sm">
              {t('session.tagline')}
            </Text>
          </Stack>
          <Paper withBorder shadow="sm" radius="md" p="xl">
            <form onSubmit={submit} noValidate>
              <Stack>
                <Title order={2} size="h4">
                  {choosingStore ? t('session.choose_store') : t('session.sign_in_title')}
                </Title>
                {error !== null && (
                  <Alert color="red" variant="light" role="alert" data-testid="login-error">
                    {problemMessage(error, t)}
                  </Alert>
                )}
                {!choosingStore && (
                  <>
                    <TextInput
                      label={t('session.email')}
                      type="email"
                      autoComplete="username"
                      required
                      value={email}
                      onChange={(event) => setEmail(event.currentTarget.value)}
                      name="email"
                      error={fieldErrors.get('/email')}
                      autoFocus
                    />
                    <PasswordInput
                      label={t('session.password')}
                      autoComplete="current-password"
                      required
                      value={password}
                      onChange={(event) => setPassword(event.currentTarget.value)}
                      name="password"
                      error={fieldErrors.get('/password')}
                    />
                  </>
                )}
                {choosingStore && (
                  <Radio.Group
                    value={storeId}
                    onChange={setStoreId}
                    label={t('session.store_choice_hint')}
                    data-testid="store-picker"
                  >
                    <Stack gap="xs" mt="xs">
                      {stores.map((store) => (
                        <Radio key={store.id} value={store.id} label={store.name} />
                      ))}
                    </Stack>
                  </Radio.Group>
                )}
                <Button type="submit" fullWidth loading={login.isPending} mt="xs">
                  {choosingStore ? t('session.continue') : t('session.sign_in')}
                </Button>
                {choosingStore && (
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    ta="center"
                    onClick={() => {
                      setStores(null);
                      login.reset();
                    }}
                  >
                    {t('session.back_to_login')}
                  </Anchor>
                )}
              </Stack>
            </form>
          </Paper>
        </Stack>
      </Center>
    </Box>
  );
}
