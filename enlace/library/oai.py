"""OAI-PMH 2.0 for harvesters: the public library (published public works) and public lessons learned, in
`oai_dc`. Errors are OAI XML with HTTP 200, as the protocol says. Paging is stateless: a resumption token is the
last record's sort key and the request's arguments, signed with django.core.signing (24 hours).
Deleted records: `no`; a work that is archived, unpublished or no longer public simply stops being listed.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.core import signing
from django.db.models import Min, Q, QuerySet
from django.utils import timezone
from lxml import etree

from enlace.library import dublin_core as dc
from enlace.library.models import Work

NS_OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
PAGE_SIZE = 100
TOKEN_SALT = "enlace.library.oai.resumption"  # noqa: S105  # a signing namespace, not a secret
TOKEN_AGE = 24 * 3600
VERBS: dict[str, tuple[set[str], set[str]]] = {  # verb: (required arguments, optional arguments)
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
}
# The protocol's own patterns (OAI-PMH.xsd), so that what is echoed in <request> stays valid.
SET_SPEC = re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*")
PREFIX = re.compile(r"[A-Za-z0-9\-_.!~*'()]+")
WORK, LESSON = 0, 1  # the second part of a record's sort key: works before lessons at the same datestamp


class OaiError(Exception):
    """An OAI-PMH error condition (answered as <error code=…> with HTTP 200)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Item:
    """One record: what it is, its sort key and its sets."""

    kind: int
    obj: Any
    datestamp: datetime.datetime
    sets: list[str]

    @property
    def key(self) -> tuple[datetime.datetime, int, int]:
        """The order of the lists and the position a resumption token remembers."""
        return (self.datestamp, self.kind, self.obj.pk)


def repository_id() -> str:
    """The repository identifier in `oai:<repository>:<local id>`: the host of ENLACE_BASE_URL."""
    return urlparse(settings.ENLACE_BASE_URL).hostname or "enlace"


def oai_identifier(item: Item) -> str:
    """`oai:<host>:<work identifier>` or `oai:<host>:lesson-<id>`."""
    local = item.obj.identifier if item.kind == WORK else f"lesson-{item.obj.pk}"
    return f"oai:{repository_id()}:{local}"


def stamp(moment: datetime.datetime) -> str:
    """A UTC datestamp at seconds granularity."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_date(value: str, *, end: bool) -> tuple[datetime.datetime, str]:
    """A from/until argument as an aware datetime and its granularity; `end` makes a day inclusive."""
    for fmt, granularity in (("%Y-%m-%d", "day"), ("%Y-%m-%dT%H:%M:%SZ", "seconds")):
        try:
            parsed = datetime.datetime.strptime(value, fmt).replace(tzinfo=datetime.UTC)
        except ValueError:
            continue
        if end:
            parsed += datetime.timedelta(days=1) if granularity == "day" else datetime.timedelta(seconds=1)
            parsed -= datetime.timedelta(microseconds=1)
        return parsed, granularity
    raise OaiError("badArgument", f"'{value}' is not a date in the form YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ.")


def _work_item(work: Work) -> Item:
    return Item(WORK, work, work.modified_at, dc.work_sets(work))


def _lesson_item(lesson: Any) -> Item:
    return Item(LESSON, lesson, lesson.updated_at, dc.lesson_sets(lesson))


def _in_set(works: QuerySet[Any], lessons: QuerySet[Any], spec: str) -> tuple[QuerySet[Any], QuerySet[Any]]:
    group, _sep, value = spec.partition(":")
    if group == "program":
        if value:
            return works.filter(programs__code=value).distinct(), lessons.filter(program__code=value)
        return works.filter(programs__isnull=False).distinct(), lessons.filter(program__isnull=False)
    if group == "type":
        if not value:
            return works, lessons
        if value == dc.LESSON_TYPE:
            return works.none(), lessons
        return works.filter(document_type=value), lessons.none()
    return works.none(), lessons.none()


def _after(field: str, kind: int, key: tuple[datetime.datetime, int, int]) -> Q:
    """Rows of `kind` that sort after `key` (datestamp, kind, pk)."""
    moment, key_kind, pk = key
    if kind > key_kind:
        return Q(**{f"{field}__gte": moment})
    if kind < key_kind:
        return Q(**{f"{field}__gt": moment})
    return Q(**{f"{field}__gt": moment}) | Q(**{field: moment, "pk__gt": pk})


class Repository:
    """Answers one OAI-PMH request; `absolute` turns a path into a URL."""

    def __init__(self, base_url: str, absolute: Callable[[str], str]) -> None:
        self.base_url = base_url
        self.absolute = absolute

    # Requests ------------------------------------------------------------------------------------------------

    def handle(self, args: dict[str, list[str]]) -> tuple[etree._Element, dict[str, str]]:
        """The response document for the request arguments (each with all its values), and the arguments echoed
        in <request> (none after badVerb or badArgument, as the protocol says)."""
        root = etree.Element(f"{{{NS_OAI}}}OAI-PMH", nsmap={None: NS_OAI, "xsi": dc.NS_XSI})
        root.set(f"{{{dc.NS_XSI}}}schemaLocation", f"{NS_OAI} {OAI_SCHEMA}")
        etree.SubElement(root, f"{{{NS_OAI}}}responseDate").text = stamp(timezone.now())
        request = etree.SubElement(root, f"{{{NS_OAI}}}request")
        request.text = self.base_url
        try:
            params = self._check(args)
            for name, value in params.items():
                request.set(name, value)
            body = getattr(self, params["verb"])(params)
        except OaiError as exc:
            if exc.code in {"badVerb", "badArgument"}:
                for name in list(request.attrib):
                    del request.attrib[name]
            error = etree.SubElement(root, f"{{{NS_OAI}}}error", code=exc.code)
            error.text = exc.message
            return root, {}
        root.append(body)
        return root, params

    def _check(self, args: dict[str, list[str]]) -> dict[str, str]:
        verbs = args.get("verb", [])
        if len(verbs) != 1 or verbs[0] not in VERBS:
            raise OaiError("badVerb", "The verb is missing, repeated or not an OAI-PMH verb.")
        verb = verbs[0]
        required, optional = VERBS[verb]
        repeated = [name for name, values in args.items() if len(values) > 1]
        if repeated:
            raise OaiError("badArgument", f"Repeated argument: {', '.join(sorted(repeated))}.")
        params = {name: values[0] for name, values in args.items() if name != "verb"}
        unknown = set(params) - required - optional
        if unknown:
            raise OaiError("badArgument", f"Illegal argument: {', '.join(sorted(unknown))}.")
        if "resumptionToken" in params:
            if len(params) > 1:
                raise OaiError("badArgument", "resumptionToken is an exclusive argument.")
        elif required - set(params):
            raise OaiError("badArgument", f"Missing argument: {', '.join(sorted(required - set(params)))}.")
        for name, pattern in (("set", SET_SPEC), ("metadataPrefix", PREFIX)):
            if name in params and not pattern.fullmatch(params[name]):
                raise OaiError("badArgument", f"'{name}' is not well formed.")
        return {"verb": verb, **params}

    # Verbs ---------------------------------------------------------------------------------------------------

    def Identify(self, params: dict[str, str]) -> etree._Element:  # the protocol's verb names
        """The repository's description."""
        node = etree.Element(f"{{{NS_OAI}}}Identify")
        works = dc.public_works().aggregate(m=Min("modified_at"))["m"]
        lessons = dc.public_lessons().aggregate(m=Min("updated_at"))["m"]
        earliest = min([m for m in (works, lessons) if m] or [timezone.now()])
        for name, value in (
            ("repositoryName", "Enlace — OAS/CICTE library"),
            ("baseURL", self.base_url),
            ("protocolVersion", "2.0"),
            ("adminEmail", settings.ENLACE_OAI_ADMIN_EMAIL),
            ("earliestDatestamp", stamp(earliest)),
            ("deletedRecord", "no"),
            ("granularity", "YYYY-MM-DDThh:mm:ssZ"),
        ):
            etree.SubElement(node, f"{{{NS_OAI}}}{name}").text = value
        return node

    def ListMetadataFormats(self, params: dict[str, str]) -> etree._Element:
        """Only oai_dc, for every record."""
        if "identifier" in params:
            self._item(params["identifier"])
        node = etree.Element(f"{{{NS_OAI}}}ListMetadataFormats")
        fmt = etree.SubElement(node, f"{{{NS_OAI}}}metadataFormat")
        etree.SubElement(fmt, f"{{{NS_OAI}}}metadataPrefix").text = "oai_dc"
        etree.SubElement(fmt, f"{{{NS_OAI}}}schema").text = dc.OAI_DC_SCHEMA
        etree.SubElement(fmt, f"{{{NS_OAI}}}metadataNamespace").text = dc.NS_OAI_DC
        return node

    def ListSets(self, params: dict[str, str]) -> etree._Element:
        """Programs and document types (a handful: no paging)."""
        if "resumptionToken" in params:
            raise OaiError("badResumptionToken", "ListSets is answered in one piece.")
        node = etree.Element(f"{{{NS_OAI}}}ListSets")
        for spec, name in dc.set_names():
            one = etree.SubElement(node, f"{{{NS_OAI}}}set")
            etree.SubElement(one, f"{{{NS_OAI}}}setSpec").text = spec
            etree.SubElement(one, f"{{{NS_OAI}}}setName").text = name
        return node

    def GetRecord(self, params: dict[str, str]) -> etree._Element:
        """One record by its OAI identifier."""
        self._prefix(params["metadataPrefix"])
        node = etree.Element(f"{{{NS_OAI}}}GetRecord")
        node.append(self._record(self._item(params["identifier"])))
        return node

    def ListIdentifiers(self, params: dict[str, str]) -> etree._Element:
        """Headers only, a page at a time."""
        return self._list(params, "ListIdentifiers", self._header)

    def ListRecords(self, params: dict[str, str]) -> etree._Element:
        """Whole records, a page at a time."""
        return self._list(params, "ListRecords", self._record)

    # Pieces --------------------------------------------------------------------------------------------------

    def _prefix(self, prefix: str) -> None:
        if prefix != "oai_dc":
            raise OaiError("cannotDisseminateFormat", "Only oai_dc is disseminated.")

    def _item(self, identifier: str) -> Item:
        prefix = f"oai:{repository_id()}:"
        local = identifier.removeprefix(prefix) if identifier.startswith(prefix) else ""
        if local.startswith("lesson-") and local[7:].isdigit():
            lesson = dc.public_lessons().filter(pk=int(local[7:])).first()
            if lesson is not None:
                return _lesson_item(lesson)
        elif local:
            work = dc.public_works().filter(identifier=local).first()
            if work is not None:
                return _work_item(work)
        raise OaiError("idDoesNotExist", "No such record in this repository.")

    def _header(self, item: Item) -> etree._Element:
        header = etree.Element(f"{{{NS_OAI}}}header")
        etree.SubElement(header, f"{{{NS_OAI}}}identifier").text = oai_identifier(item)
        etree.SubElement(header, f"{{{NS_OAI}}}datestamp").text = stamp(item.datestamp)
        for spec in item.sets:
            etree.SubElement(header, f"{{{NS_OAI}}}setSpec").text = spec
        return header

    def _record(self, item: Item) -> etree._Element:
        record = etree.Element(f"{{{NS_OAI}}}record")
        record.append(self._header(item))
        metadata = etree.SubElement(record, f"{{{NS_OAI}}}metadata")
        build = dc.work_dc if item.kind == WORK else dc.lesson_dc
        metadata.append(build(item.obj, self.absolute))
        return record

    def _list(self, params: dict[str, str], verb: str, render: Callable[[Item], etree._Element]) -> etree._Element:
        if "resumptionToken" in params:
            state = self._resume(params["resumptionToken"], verb)
        else:
            self._prefix(params["metadataPrefix"])
            state = {k: params[k] for k in ("from", "until", "set") if k in params}
            state.update(verb=verb, cursor=0, after=None)
        works, lessons = self._filtered(state)
        after = state["after"]
        key = (datetime.datetime.fromisoformat(after[0]), after[1], after[2]) if after else None
        page_works = works.order_by("modified_at", "pk")
        page_lessons = lessons.order_by("updated_at", "pk")
        if key is not None:
            page_works = page_works.filter(_after("modified_at", WORK, key))
            page_lessons = page_lessons.filter(_after("updated_at", LESSON, key))
        items = [_work_item(w) for w in page_works[: PAGE_SIZE + 1]]
        items += [_lesson_item(lesson) for lesson in page_lessons[: PAGE_SIZE + 1]]
        items.sort(key=lambda i: i.key)
        if not items:
            raise OaiError("noRecordsMatch", "No records match the request.")
        page, more = items[:PAGE_SIZE], len(items) > PAGE_SIZE
        node = etree.Element(f"{{{NS_OAI}}}{verb}")
        for item in page:
            node.append(render(item))
        cursor = int(state["cursor"])
        if more or cursor:
            token = etree.SubElement(node, f"{{{NS_OAI}}}resumptionToken")
            token.set("completeListSize", str(works.count() + lessons.count()))
            token.set("cursor", str(cursor))
            if more:
                last = page[-1].key
                following = {**state, "cursor": cursor + len(page), "after": [last[0].isoformat(), last[1], last[2]]}
                token.text = signing.dumps(following, salt=TOKEN_SALT, compress=True)
                token.set("expirationDate", stamp(timezone.now() + datetime.timedelta(seconds=TOKEN_AGE)))
        return node

    def _resume(self, token: str, verb: str) -> dict[str, Any]:
        try:
            state = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_AGE)
        except signing.BadSignature as exc:  # includes SignatureExpired
            raise OaiError("badResumptionToken", "The resumption token is invalid or has expired.") from exc
        if not isinstance(state, dict) or state.get("verb") != verb:
            raise OaiError("badResumptionToken", "The resumption token belongs to another request.")
        return state

    def _filtered(self, state: dict[str, Any]) -> tuple[QuerySet[Any], QuerySet[Any]]:
        works: QuerySet[Any] = dc.public_works()
        lessons: QuerySet[Any] = dc.public_lessons()
        bounds = {}
        for name, end in (("from", False), ("until", True)):
            if state.get(name):
                bounds[name] = _parse_date(state[name], end=end)
        if len({g for _d, g in bounds.values()}) > 1:
            raise OaiError("badArgument", "from and until must have the same granularity.")
        if "from" in bounds and "until" in bounds and bounds["from"][0] > bounds["until"][0]:
            raise OaiError("badArgument", "from is later than until.")
        if "from" in bounds:
            works = works.filter(modified_at__gte=bounds["from"][0])
            lessons = lessons.filter(updated_at__gte=bounds["from"][0])
        if "until" in bounds:
            works = works.filter(modified_at__lte=bounds["until"][0])
            lessons = lessons.filter(updated_at__lte=bounds["until"][0])
        if state.get("set"):
            works, lessons = _in_set(works, lessons, state["set"])
        return works, lessons


def serialize(root: etree._Element) -> bytes:
    """The document as UTF-8 XML with its declaration."""
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
