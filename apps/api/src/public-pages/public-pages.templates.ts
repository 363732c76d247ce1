/**
 * The public pages' Nunjucks templates. They live in code, not in .njk files, because the build
 * (tsc) and the image ship `dist` only; the GOV.UK Frontend templates they extend are read from the
 * installed package. Every `{{ }}` is escaped (autoescape on); nothing here is marked `safe`.
 */
const LAYOUT = `{% extends "govuk/template.njk" %}
{% from "govuk/components/breadcrumbs/macro.njk" import govukBreadcrumbs %}
{% from "govuk/components/service-navigation/macro.njk" import govukServiceNavigation %}
{% from "govuk/components/tag/macro.njk" import govukTag %}
{% set assetPath = "/assets" %}
{% block pageTitle %}{{ title }} – Partnership Ledger public pages{% endblock %}
{% block head %}<link rel="stylesheet" href="/assets/govuk-frontend.min.css">{% endblock %}
{% block header %}
<header class="govuk-template__header">
  {{ govukServiceNavigation({ serviceName: "Partnership Ledger: public accountability", serviceUrl: "/public" }) }}
</header>
{% endblock %}
{% block beforeContent %}{% if breadcrumbs %}{{ govukBreadcrumbs({ items: breadcrumbs }) }}{% endif %}{% endblock %}
{% block content %}
<div class="govuk-grid-row"><div class="govuk-grid-column-full">
{% block page %}{% endblock %}
</div></div>
{% endblock %}
{% block footer %}
<footer class="govuk-footer">
  <div class="govuk-width-container">
    <div class="govuk-footer__meta">
      <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
        <h2 class="govuk-visually-hidden">Support links</h2>
        <ul class="govuk-footer__inline-list">
          <li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="/public">All public partnerships</a></li>
        </ul>
        <p class="govuk-body-s">Published by each partnership's secretariat. Only what a partnership has published is shown here.</p>
      </div>
    </div>
  </div>
</footer>
{% endblock %}
{% block bodyEnd %}
<script type="module" src="/assets/init.js"></script>
{% endblock %}`;

const MACROS = `{% from "govuk/components/tag/macro.njk" import govukTag %}
{% macro statusTag(status) %}{{ govukTag({ text: status | statusLabel, classes: status | statusColour }) }}{% endmacro %}
{% macro ragTag(rag) %}{% if rag %}{{ govukTag({ text: rag | ragLabel, classes: rag | ragColour }) }}{% else %}<span class="govuk-body-s">No RAG</span>{% endif %}{% endmacro %}
{% macro published(at, timeZone) %}<span class="govuk-body-s">Published {{ at | publishedAt(timeZone) }}</span>{% endmacro %}
{% macro update(u, timeZone) %}
<dl class="govuk-summary-list govuk-summary-list--no-border">
  <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">What has happened</dt><dd class="govuk-summary-list__value">{{ u.whatHasHappened }}</dd></div>
  <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">What more is to be done</dt><dd class="govuk-summary-list__value">{{ u.whatMoreIsToBeDone or "Nothing more was reported." }}</dd></div>
  <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Reported as of</dt><dd class="govuk-summary-list__value">{{ u.reportedOn | longDate }}{% if u.percentComplete !== null %} ({{ u.percentComplete }}% complete){% endif %}</dd></div>
  <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Published</dt><dd class="govuk-summary-list__value">{{ u.publishedAt | publishedAt(timeZone) }}{% if u.automatically %} (automatically){% endif %}</dd></div>
</dl>
{% endmacro %}
{% macro changes(c, timeZone, heading) %}
<h2 class="govuk-heading-l" id="changes">{{ heading }}</h2>
<p class="govuk-body">
{% if c.previousMeeting %}Updates published for reporting dates after the meeting of <a class="govuk-link" href="/public/meetings/{{ c.previousMeeting.id }}">{{ c.previousMeeting.date | longDate }}</a>, up to {{ c.window.date | longDate }}.
{% else %}Every update published up to {{ c.window.date | longDate }}: there is no earlier published meeting.{% endif %}
</p>
{% if c.updates.length %}
<table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--s">{% if c.total and c.total > c.updates.length %}The {{ c.updates.length }} most recent of {{ c.total }} published updates{% else %}{{ c.updates.length }} published update{% if c.updates.length != 1 %}s{% endif %}{% endif %}</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">Action</th><th scope="col" class="govuk-table__header">Status</th>
    <th scope="col" class="govuk-table__header">What has happened</th><th scope="col" class="govuk-table__header">Reported as of</th><th scope="col" class="govuk-table__header">Published</th>
  </tr></thead>
  <tbody class="govuk-table__body">
  {% for u in c.updates %}
    <tr class="govuk-table__row">
      <td class="govuk-table__cell"><a class="govuk-link" href="/public/commitments/{{ u.action.commitmentId }}#action-{{ u.actionId }}">{{ u.action.title }}</a> ({{ u.action.owner }})</td>
      <td class="govuk-table__cell">{{ statusTag(u.status) }}</td>
      <td class="govuk-table__cell">{{ u.whatHasHappened }}</td>
      <td class="govuk-table__cell">{{ u.reportedOn | longDate }}</td>
      <td class="govuk-table__cell">{{ u.publishedAt | publishedAt(timeZone) }}</td>
    </tr>
  {% endfor %}
  </tbody>
</table>
{% else %}<p class="govuk-body">No update has been published for this period.</p>{% endif %}
{% endmacro %}
{% macro actionsTable(actions, caption, showCommitment) %}
<table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">{{ caption }}</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">Action</th>{% if showCommitment %}<th scope="col" class="govuk-table__header">Commitment</th>{% endif %}
    <th scope="col" class="govuk-table__header">Owner</th><th scope="col" class="govuk-table__header">Due</th>
    <th scope="col" class="govuk-table__header">Status</th><th scope="col" class="govuk-table__header">RAG</th>
  </tr></thead>
  <tbody class="govuk-table__body">
  {% for a in actions %}
    <tr class="govuk-table__row">
      <td class="govuk-table__cell"><a class="govuk-link" href="/public/commitments/{{ a.commitmentId }}#action-{{ a.id }}">{{ a.title }}</a></td>
      {% if showCommitment %}<td class="govuk-table__cell">{{ a.commitmentTitle }}</td>{% endif %}
      <td class="govuk-table__cell">{{ a.owner }}</td>
      <td class="govuk-table__cell">{{ a.dueDate | longDate }}</td>
      <td class="govuk-table__cell">{{ statusTag(a.status) }}</td>
      <td class="govuk-table__cell">{{ ragTag(a.rag) }}</td>
    </tr>
  {% else %}
    <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="{{ 6 if showCommitment else 5 }}">No actions published.</td></tr>
  {% endfor %}
  </tbody>
</table>
{% endmacro %}`;

const INDEX = `{% extends "layout.njk" %}
{% block page %}
<h1 class="govuk-heading-xl">{{ title }}</h1>
<p class="govuk-body-l">What health and care partnerships have committed to, what has happened and what more is to be done, as their secretariats have published it.</p>
{% if partnerships.length %}
<ul class="govuk-list govuk-list--spaced">
{% for p in partnerships %}
  <li><a class="govuk-link govuk-!-font-weight-bold" href="/public/partnerships/{{ p.id }}">{{ p.name }}</a> <span class="govuk-body-s">({{ p.level | levelLabel }}{% if p.publicSince %}; public since {{ p.publicSince | publishedAt(p.timeZone) }}{% endif %})</span></li>
{% endfor %}
</ul>
{% else %}<p class="govuk-body">No partnership has published anything yet.</p>{% endif %}
{% endblock %}`;

const PARTNERSHIP = `{% extends "layout.njk" %}
{% from "macros.njk" import statusTag, changes %}
{% block page %}
<span class="govuk-caption-l">{{ partnership.level | levelLabel }} partnership</span>
<h1 class="govuk-heading-xl">{{ partnership.name }}</h1>
{% if parent %}<p class="govuk-body">Part of <a class="govuk-link" href="/public/partnerships/{{ parent.id }}">{{ parent.name }}</a>.</p>{% endif %}
{% if places.length %}
<p class="govuk-body">Partnerships beneath it with public pages:</p>
<ul class="govuk-list govuk-list--bullet">{% for p in places %}<li><a class="govuk-link" href="/public/partnerships/{{ p.id }}">{{ p.name }}</a></li>{% endfor %}</ul>
{% endif %}
{{ changes(sinceLastMeeting, partnership.timeZone, "What changed since the last meeting") }}
<h2 class="govuk-heading-l">Commitments</h2>
{% if commitments.length %}
<table class="govuk-table">
  <caption class="govuk-table__caption govuk-visually-hidden">Published commitments</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">Commitment</th><th scope="col" class="govuk-table__header">Owner</th>
    <th scope="col" class="govuk-table__header">Status</th><th scope="col" class="govuk-table__header">Target date</th><th scope="col" class="govuk-table__header">Published</th>
  </tr></thead>
  <tbody class="govuk-table__body">
  {% for c in commitments %}
    <tr class="govuk-table__row">
      <td class="govuk-table__cell"><a class="govuk-link" href="/public/commitments/{{ c.id }}">{{ c.title }}</a></td>
      <td class="govuk-table__cell"><a class="govuk-link" href="/public/organisations/{{ c.owner.id }}?partnership={{ partnership.id }}">{{ c.owner.name }}</a></td>
      <td class="govuk-table__cell">{{ statusTag(c.status) }}</td>
      <td class="govuk-table__cell">{{ c.targetDate | longDate if c.targetDate else "None set" }}</td>
      <td class="govuk-table__cell">{{ c.publishedAt | publishedAt(partnership.timeZone) }}</td>
    </tr>
  {% endfor %}
  </tbody>
</table>
{% else %}<p class="govuk-body">No commitment has been published yet.</p>{% endif %}
<h2 class="govuk-heading-l">Meetings</h2>
{% if meetings.length %}
<ul class="govuk-list">
{% for m in meetings %}
  <li><a class="govuk-link" href="/public/meetings/{{ m.id }}">{{ m.title or "Board meeting" }}, {{ m.date | longDate }}</a> <span class="govuk-body-s">(minutes published {{ m.publishedAt | publishedAt(partnership.timeZone) }})</span></li>
{% endfor %}
</ul>
{% else %}<p class="govuk-body">No minutes have been published yet.</p>{% endif %}
<h2 class="govuk-heading-l">Member organisations</h2>
<ul class="govuk-list">
{% for o in organisations %}<li><a class="govuk-link" href="/public/organisations/{{ o.id }}?partnership={{ partnership.id }}">{{ o.name }}</a></li>{% endfor %}
</ul>
{% if officeHolders.length %}
<h2 class="govuk-heading-l">Board members</h2>
<table class="govuk-table">
  <caption class="govuk-table__caption govuk-visually-hidden">Board members by office</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Office</th><th scope="col" class="govuk-table__header">Organisation</th></tr></thead>
  <tbody class="govuk-table__body">
  {% for h in officeHolders %}<tr class="govuk-table__row"><td class="govuk-table__cell">{{ h.roleTitle }}</td><td class="govuk-table__cell">{{ h.organisation.name }}</td></tr>{% endfor %}
  </tbody>
</table>
{% endif %}
{% endblock %}`;

const COMMITMENT = `{% extends "layout.njk" %}
{% from "macros.njk" import statusTag, ragTag, update %}
{% block page %}
<span class="govuk-caption-l">{{ commitment.partnership.name }}</span>
<h1 class="govuk-heading-xl">{{ commitment.title }}</h1>
<dl class="govuk-summary-list">
  <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Owner</dt><dd class="govuk-summary-list__value"><a class="govuk-link" href="/public/organisations/{{ commitment.owner.id }}?partnership={{ commitment.partnership.id }}">{{ commitment.owner.name }}</a></dd></div>
  <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Status</dt><dd class="govuk-summary-list__value">{{ statusTag(commitment.status) }}</dd></div>
  <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Target date</dt><dd class="govuk-summary-list__value">{{ commitment.targetDate | longDate if commitment.targetDate else "None set" }}</dd></div>
  {% if commitment.sourceReference %}<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Source</dt><dd class="govuk-summary-list__value">{{ commitment.sourceReference }}</dd></div>{% endif %}
  <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Published</dt><dd class="govuk-summary-list__value">{{ commitment.publishedAt | publishedAt(commitment.partnership.timeZone) }}</dd></div>
</dl>
<p class="govuk-body">{{ commitment.description }}</p>
<h2 class="govuk-heading-l">Actions</h2>
{% for a in actions %}
<div class="govuk-summary-card" id="action-{{ a.id }}">
  <div class="govuk-summary-card__title-wrapper"><h3 class="govuk-summary-card__title">{{ a.title }}</h3></div>
  <div class="govuk-summary-card__content">
    <dl class="govuk-summary-list govuk-summary-list--no-border">
      <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Owner</dt><dd class="govuk-summary-list__value">{% if a.owningOrganisationId %}<a class="govuk-link" href="/public/organisations/{{ a.owningOrganisationId }}?partnership={{ commitment.partnership.id }}">{{ a.owner }}</a>{% else %}{{ a.owner }}{% endif %}</dd></div>
      <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Due</dt><dd class="govuk-summary-list__value">{{ a.dueDate | longDate }}</dd></div>
      <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Status</dt><dd class="govuk-summary-list__value">{{ statusTag(a.status) }} {{ ragTag(a.rag) }}</dd></div>
    </dl>
    {% if a.latest %}<h4 class="govuk-heading-s">Latest published update</h4>{{ update(a.latest, commitment.partnership.timeZone) }}
    {% else %}<p class="govuk-body">No update has been published yet.</p>{% endif %}
  </div>
</div>
{% else %}<p class="govuk-body">No actions published.</p>
{% endfor %}
{% if indicators.length %}
<h2 class="govuk-heading-l">Indicators</h2>
{% for i in indicators %}
<section class="govuk-!-margin-bottom-8" aria-labelledby="indicator-{{ i.indicator.id }}">
<h3 class="govuk-heading-m" id="indicator-{{ i.indicator.id }}">{{ i.indicator.name }} ({{ i.indicator.unit }})</h3>
<p class="govuk-body-s">{{ "Higher is better" if i.indicator.direction == "HIGHER_IS_BETTER" else "Lower is better" }}</p>
<div class="govuk-grid-row">
<div class="govuk-grid-column-two-thirds">
{% set c = i.chart %}
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{ c.width }} {{ c.height }}" width="100%" role="img" aria-labelledby="chart-title-{{ i.indicator.id }} chart-desc-{{ i.indicator.id }}" focusable="false" font-family="arial, sans-serif">
  <title id="chart-title-{{ i.indicator.id }}">{{ i.indicator.name }}: baseline, readings and target</title>
  <desc id="chart-desc-{{ i.indicator.id }}">{{ c.description }}</desc>
  <rect x="{{ c.left }}" y="{{ c.top }}" width="{{ c.right - c.left }}" height="{{ c.bottom - c.top }}" fill="#ffffff" stroke="#b1b4b6"/>
  {% for t in c.yTicks %}<line x1="{{ c.left }}" x2="{{ c.right }}" y1="{{ t.y }}" y2="{{ t.y }}" stroke="#f3f2f1"/><text x="{{ c.left - 6 }}" y="{{ t.y + 4 }}" text-anchor="end" font-size="12" fill="#0b0c0c">{{ t.label }}</text>{% endfor %}
  {% for t in c.xTicks %}<text x="{{ t.x }}" y="{{ c.bottom + 18 }}" text-anchor="middle" font-size="12" fill="#0b0c0c">{{ t.label }}</text>{% endfor %}
  <polyline points="{{ c.plannedLine }}" fill="none" stroke="#505a5f" stroke-width="2" stroke-dasharray="6 4"/>
  <polyline points="{{ c.measuredLine }}" fill="none" stroke="#1d70b8" stroke-width="3"/>
  <circle cx="{{ c.baseline.x }}" cy="{{ c.baseline.y }}" r="6" fill="#505a5f"><title>{{ c.baseline.label }}</title></circle>
  {% for r in c.readings %}<circle cx="{{ r.x }}" cy="{{ r.y }}" r="5" fill="#1d70b8"><title>{{ r.label }}</title></circle>{% endfor %}
  <rect x="{{ c.target.x - 6 }}" y="{{ c.target.y - 6 }}" width="12" height="12" fill="#00703c"><title>{{ c.target.label }}</title></rect>
</svg>
<p class="govuk-body-s">Grey dot: baseline. Blue line and dots: readings. Dashed line to the green square: the planned course to the target.</p>
</div>
<div class="govuk-grid-column-one-third">
<table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--s">{{ i.indicator.name }}: the chart's data</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Point</th><th scope="col" class="govuk-table__header">Date</th><th scope="col" class="govuk-table__header govuk-table__header--numeric">Value ({{ i.indicator.unit }})</th></tr></thead>
  <tbody class="govuk-table__body">
    <tr class="govuk-table__row"><th scope="row" class="govuk-table__header">Baseline</th><td class="govuk-table__cell">{{ i.indicator.baseline.date }}</td><td class="govuk-table__cell govuk-table__cell--numeric">{{ i.indicator.baseline.value }}</td></tr>
    {% for r in i.indicator.readings %}<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">Reading{% if r.corrected %} (corrected){% endif %}</th><td class="govuk-table__cell">{{ r.periodDate }}</td><td class="govuk-table__cell govuk-table__cell--numeric">{{ r.value }}</td></tr>{% endfor %}
    <tr class="govuk-table__row"><th scope="row" class="govuk-table__header">Target</th><td class="govuk-table__cell">{{ i.indicator.target.date }}</td><td class="govuk-table__cell govuk-table__cell--numeric">{{ i.indicator.target.value }}</td></tr>
  </tbody>
</table>
</div>
</div>
</section>
{% endfor %}
{% endif %}
{% endblock %}`;

const ORGANISATION = `{% extends "layout.njk" %}
{% from "macros.njk" import statusTag, actionsTable, update %}
{% block page %}
<h1 class="govuk-heading-xl">{{ organisation.name }}</h1>
{% for s in sections %}
<h2 class="govuk-heading-l">In {{ s.partnership.name }}</h2>
<p class="govuk-body"><a class="govuk-link" href="/public/partnerships/{{ s.partnership.id }}">{{ s.partnership.name }}: all its published commitments</a></p>
{% if s.commitments.length %}
<h3 class="govuk-heading-m">Commitments it owns</h3>
<ul class="govuk-list">{% for c in s.commitments %}<li><a class="govuk-link" href="/public/commitments/{{ c.id }}">{{ c.title }}</a> {{ statusTag(c.status) }}</li>{% endfor %}</ul>
{% endif %}
{{ actionsTable(s.actions, "Its actions", true) }}
<h3 class="govuk-heading-m">Its latest updates</h3>
{% for a in s.actions %}{% if a.latest %}
<h4 class="govuk-heading-s">{{ a.title }}</h4>
{{ update(a.latest, s.partnership.timeZone) }}
{% endif %}{% else %}<p class="govuk-body">No update has been published yet.</p>{% endfor %}
<h3 class="govuk-heading-m">Annual assessment returns</h3>
{% for pair in s.returns %}
<div class="govuk-grid-row">
  {% for r in [pair.current, pair.previous] %}
  <div class="govuk-grid-column-one-half">
    <h4 class="govuk-heading-s">{{ r.year if r.year else pair.previousYear }}{% if loop.first %} return{% else %} (the year before){% endif %}</h4>
    {% if r.entries %}
    <p class="govuk-body-s">Published {{ r.publishedAt | publishedAt(s.partnership.timeZone) }}{% if r.version > 1 %} (version {{ r.version }}){% endif %}</p>
    {% for e in r.entries %}
    <h5 class="govuk-heading-s">{% if e.commitmentTitle %}<a class="govuk-link" href="/public/commitments/{{ e.commitmentId }}">{{ e.commitmentTitle }}</a>{% else %}A commitment not yet published{% endif %}</h5>
    <p class="govuk-body"><strong>What has happened:</strong> {{ e.whatHasHappened }}</p>
    <p class="govuk-body"><strong>What more is to be done:</strong> {{ e.whatMoreIsToBeDone }}</p>
    {% endfor %}
    {% else %}<p class="govuk-body">No return was published for {{ pair.previousYear }}.</p>{% endif %}
  </div>
  {% endfor %}
</div>
{% else %}<p class="govuk-body">No annual return has been published yet.</p>{% endfor %}
{% endfor %}
{% endblock %}`;

const MEETING = `{% extends "layout.njk" %}
{% from "macros.njk" import changes %}
{% block page %}
<span class="govuk-caption-l">{{ meeting.partnership.name }}</span>
<h1 class="govuk-heading-xl">{{ meeting.title or "Board meeting" }}, {{ meeting.date | longDate }}</h1>
<dl class="govuk-summary-list">
  <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Date and time</dt><dd class="govuk-summary-list__value">{{ meeting.date | longDate }}, {{ meeting.startTime }}</dd></div>
  {% if meeting.place %}<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Place</dt><dd class="govuk-summary-list__value">{{ meeting.place }}</dd></div>{% endif %}
  <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Minutes</dt><dd class="govuk-summary-list__value">{% if meeting.confirmedOn %}Confirmed as a correct record on {{ meeting.confirmedOn | longDate }}{% else %}Not yet confirmed as a correct record{% endif %}</dd></div>
  <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Published</dt><dd class="govuk-summary-list__value">{{ meeting.publishedAt | publishedAt(meeting.partnership.timeZone) }}{% if meeting.firstPublishedAt != meeting.publishedAt %} (first published {{ meeting.firstPublishedAt | publishedAt(meeting.partnership.timeZone) }}){% endif %}</dd></div>
</dl>
<h2 class="govuk-heading-l">Minutes</h2>
{% for item in items %}
<section class="govuk-!-margin-bottom-6" aria-labelledby="item-{{ item.position }}">
  <h3 class="govuk-heading-m" id="item-{{ item.position }}">{{ item.number }}. {{ item.title }}</h3>
  {% if item.presenter %}<p class="govuk-body-s">Presented by {{ item.presenter }}</p>{% endif %}
  <p class="govuk-body">{{ item.text }}</p>
  <p class="govuk-body"><strong>Resolved:</strong>
  {% if item.resolution.kind == "NOTE" %}to note the item.
  {% elif item.resolution.kind == "CONFIRM_MINUTES" %}that the minutes of {% if item.resolution.meeting %}<a class="govuk-link" href="/public/meetings/{{ item.resolution.meeting.id }}">the meeting of {{ item.resolution.meeting.date | longDate }}</a>{% else %}an earlier meeting{% endif %} be confirmed as a correct record.
  {% elif item.resolution.kind == "ENDORSE_COMMITMENT" %}to endorse {% if item.resolution.commitment %}the commitment <a class="govuk-link" href="/public/commitments/{{ item.resolution.commitment.id }}">{{ item.resolution.commitment.title }}</a>{% else %}a commitment not yet published{% endif %}.
  {% elif item.resolution.kind == "REQUEST_UPDATE" %}to request an update{% if item.resolution.from %} from {{ item.resolution.from.name }}{% endif %} by {{ item.resolution.byDate | longDate }}.
  {% else %}{{ item.resolution.text }}{% endif %}
  </p>
  {% if item.actionsRaised.length %}
  <ul class="govuk-list govuk-list--bullet">{% for a in item.actionsRaised %}<li>Action: {{ a.title }} ({{ a.owners }}, by {{ a.dueDate | longDate }})</li>{% endfor %}</ul>
  {% endif %}
  <p class="govuk-body-s">Published {{ item.publishedAt | publishedAt(meeting.partnership.timeZone) }}</p>
</section>
{% else %}<p class="govuk-body">No public item has been published.</p>
{% endfor %}
{{ changes(sinceLastMeeting, meeting.partnership.timeZone, "What changed since the previous meeting") }}
<p class="govuk-body"><a class="govuk-link" href="/public/partnerships/{{ meeting.partnership.id }}">All of {{ meeting.partnership.name }}'s published commitments and meetings</a></p>
{% endblock %}`;

const NOT_FOUND = `{% extends "layout.njk" %}
{% block page %}
<h1 class="govuk-heading-xl">Page not found</h1>
<p class="govuk-body">If you typed the web address, check it is correct.</p>
<p class="govuk-body">What a partnership has not published is not shown here.</p>
<p class="govuk-body"><a class="govuk-link" href="/public">See every partnership with public pages</a></p>
{% endblock %}`;

export const PUBLIC_PAGE_TEMPLATES: Readonly<Record<string, string>> = {
  'layout.njk': LAYOUT,
  'macros.njk': MACROS,
  'index.njk': INDEX,
  'partnership.njk': PARTNERSHIP,
  'commitment.njk': COMMITMENT,
  'organisation.njk': ORGANISATION,
  'meeting.njk': MEETING,
  'not-found.njk': NOT_FOUND,
};
