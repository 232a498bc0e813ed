import { PUBLIC, SIGNED_IN } from '../../../core/access.js';
import type { Principal } from '../../../core/auth.js';
import { type Lang, t } from '../../../core/i18n.js';
import type { RoutePlugin } from '../../../core/module.js';
import { Problem } from '../../../core/problems.js';
import { publicWriteConfig } from '../../../core/public-writes.js';
import { formAction } from '../../../web/form-action.js';
import { type FormBody, formList, formText } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { getOrganisation } from '../../organisations/service.js';
import { certificatesOfUser } from '../certificate.js';
import { feedToken, renewFeed } from '../feed.js';
import { signUpPair, traineesToAccompany } from '../pairs.js';
import * as svc from '../service.js';
import { trainingOfUser } from '../training.js';
import { AppliedPage, ApplyPage, MyShiftsPage } from '../views.js';

type ApplyRoute = { Params: { organisationId: string }; Body: FormBody | undefined };
type ShiftRoute = { Params: { shiftId: string }; Body: FormBody | undefined };

/** The form's fields as the API's body: one service checks both. */
function applicationOf(organisationId: string, body: FormBody) {
  const minor = formText(body, 'ageBand') === 'under-18';
  return {
    organisation: organisationId,
    name: formText(body, 'name'),
    email: formText(body, 'email') || null,
    phone: formText(body, 'phone') || null,
    sms: formText(body, 'sms') === '1',
    municipality: formText(body, 'municipality'),
    ageBand: formText(body, 'ageBand') || undefined,
    guardian: minor ? { name: formText(body, 'guardianName') || null, consent: formText(body, 'guardianConsent') === '1' } : null,
    school: formText(body, 'school') || null,
    skills: formList(body, 'skills'),
    languages: formText(body, 'languages') || null,
    availability: formList(body, 'availability'),
    codeOfConduct: formText(body, 'codeOfConduct') === '1',
  };
}

/** The API names the guardian's fields `guardian.name`, the form `guardianName`. */
const FORM_FIELD: Record<string, string> = { 'guardian.name': 'guardianName', 'guardian.consent': 'guardianConsent' };

/** The public application form (/volontariato/<organisation>) and a volunteer's "I miei turni". */
export const volunteerPublicRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;

  app.get<ApplyRoute>('/volontariato/:organisationId', { config: { access: PUBLIC } }, async (req, reply) => {
    const org = await getOrganisation(db, req.params.organisationId);
    return sendPage(reply, ApplyPage({ ctx: pageContext(req, reply), organisation: { id: org.id, name: org.name } }));
  });

  app.post<ApplyRoute>('/volontariato/:organisationId', { config: publicWriteConfig(deps) }, async (req, reply) => {
    const org = await getOrganisation(db, req.params.organisationId);
    const body = req.body ?? {};
    const organisation = { id: org.id, name: org.name };
    return formAction(
      async () => {
        await svc.apply(db, applicationOf(org.id, body), req.lang);
        return sendPage(reply, AppliedPage({ ctx: pageContext(req, reply), organisation }), 201);
      },
      async (errors, status) => {
        const named = Object.fromEntries(Object.entries(errors).map(([k, v]) => [FORM_FIELD[k] ?? k, v]));
        return sendPage(
          reply,
          ApplyPage({ ctx: pageContext(req, reply), organisation, values: body, errors: named }),
          status === 400 ? 422 : status,
        );
      },
      req.lang,
    );
  });

  app.get<{ Querystring: { fatto?: string } }>('/turni', { config: { access: SIGNED_IN } }, async (req, reply) => {
    const shifts = await svc.myShifts(db, req.principal!.userId);
    const done = req.query.fatto;
    const notice = { iscrizione: 'signup', ritiro: 'withdraw', calendario: 'feed', coppia: 'pair' }[done ?? ''];
    const ctx = pageContext(req, reply);
    const userId = req.principal!.userId;
    const certificates = await certificatesOfUser(db, userId);
    // Someone who volunteers nowhere has no shifts to put in a calendar.
    const feedUrl =
      certificates.length > 0 ? `${deps.config.baseUrl}/volontariato/turni/${await feedToken(db, deps.config, userId)}.ics` : undefined;
    const notes = notice ? t(ctx.lang, `volunteers.mine.done.${notice}`) : undefined;
    const training = await trainingOfUser(db, userId);
    const trainees = await traineesToAccompany(db, userId);
    return sendPage(reply, MyShiftsPage({ ctx, shifts, notice: notes, certificates, feedUrl, training, trainees }));
  });

  // A new calendar link, when the old one was shared by mistake: the old one stops working.
  app.post('/turni/calendario/nuovo', { config: { access: SIGNED_IN } }, async (req, reply) => {
    await renewFeed(db, req.principal!.userId);
    return reply.redirect('/turni?fatto=calendario', 303);
  });

  const act = (path: string, done: string, run: (shiftId: string, principal: Principal, lang: Lang, body: FormBody) => Promise<unknown>) =>
    app.post<ShiftRoute>(path, { config: { access: SIGNED_IN } }, async (req, reply) => {
      try {
        await run(req.params.shiftId, req.principal!, req.lang, req.body ?? {});
      } catch (e) {
        if (!(e instanceof Problem) || e.status >= 500) throw e;
        const userId = req.principal!.userId;
        const [shifts, trainees] = await Promise.all([svc.myShifts(db, userId), traineesToAccompany(db, userId)]);
        const err = e.inLanguage(req.lang);
        const error = [err.detail ?? err.title, ...(err.errors ?? []).map((f) => f.message)].join(' ');
        return sendPage(reply, MyShiftsPage({ ctx: pageContext(req, reply), shifts, trainees, error }), e.status);
      }
      return reply.redirect(`/turni?fatto=${done}`, 303);
    });
  act('/turni/:shiftId/iscrizione', 'iscrizione', (id, p, lang) => svc.signUp(db, p, id, lang));
  act('/turni/:shiftId/coppia', 'coppia', (id, p, lang, body) => signUpPair(db, p, id, { trainee: formText(body, 'trainee') }, lang));
  act('/turni/:shiftId/ritiro', 'ritiro', (id, p) => svc.withdraw(db, p, id));
};
