export namespace app {
	
	export class ArmView {
	    name: string;
	    postId: string;
	    body: string;
	    results: number;
	    mean: number;
	    median: number;
	    remaining: number;
	
	    static createFrom(source: any = {}) {
	        return new ArmView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.postId = source["postId"];
	        this.body = source["body"];
	        this.results = source["results"];
	        this.mean = source["mean"];
	        this.median = source["median"];
	        this.remaining = source["remaining"];
	    }
	}
	export class ArmWeekView {
	    name: string;
	    results: number;
	    mean: number;
	
	    static createFrom(source: any = {}) {
	        return new ArmWeekView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.results = source["results"];
	        this.mean = source["mean"];
	    }
	}
	export class CampaignView {
	    tag: string;
	    name: string;
	    colour: string;
	    hashtag: string;
	    starts: string;
	    ends: string;
	    goal: string;
	
	    static createFrom(source: any = {}) {
	        return new CampaignView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.tag = source["tag"];
	        this.name = source["name"];
	        this.colour = source["colour"];
	        this.hashtag = source["hashtag"];
	        this.starts = source["starts"];
	        this.ends = source["ends"];
	        this.goal = source["goal"];
	    }
	}
	export class CampaignWeekView {
	    tag: string;
	    name: string;
	    colour: string;
	    starts: string;
	    ends: string;
	    posts: number;
	    last: number;
	
	    static createFrom(source: any = {}) {
	        return new CampaignWeekView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.tag = source["tag"];
	        this.name = source["name"];
	        this.colour = source["colour"];
	        this.starts = source["starts"];
	        this.ends = source["ends"];
	        this.posts = source["posts"];
	        this.last = source["last"];
	    }
	}
	export class ChannelText {
	    channel: string;
	    text: string;
	    limit: number;
	    variant: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ChannelText(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.channel = source["channel"];
	        this.text = source["text"];
	        this.limit = source["limit"];
	        this.variant = source["variant"];
	    }
	}
	export class ChannelView {
	    name: string;
	    weeklyTarget: number;
	    charLimit: number;
	
	    static createFrom(source: any = {}) {
	        return new ChannelView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.weeklyTarget = source["weeklyTarget"];
	        this.charLimit = source["charLimit"];
	    }
	}
	export class ChannelWeekView {
	    name: string;
	    target: number;
	    planned: number;
	    last: number;
	    level: string;
	    days: number[][];
	
	    static createFrom(source: any = {}) {
	        return new ChannelWeekView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.target = source["target"];
	        this.planned = source["planned"];
	        this.last = source["last"];
	        this.level = source["level"];
	        this.days = source["days"];
	    }
	}
	export class DatesRead {
	    monthFirst: boolean;
	    assumed: boolean;
	    row: number;
	    cell: string;
	    read: string;
	
	    static createFrom(source: any = {}) {
	        return new DatesRead(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.monthFirst = source["monthFirst"];
	        this.assumed = source["assumed"];
	        this.row = source["row"];
	        this.cell = source["cell"];
	        this.read = source["read"];
	    }
	}
	export class DueView {
	    id: string;
	    postId: string;
	    title: string;
	    start: string;
	    end: string;
	    allDay: boolean;
	    timeZone: string;
	    status: string;
	    channels: string[];
	    colour: string;
	    initials: string;
	    recurring: boolean;
	    original: string;
	    moved: boolean;
	    kind: string;
	    experiment: string;
	    routine: string;
	    member: string;
	    overdue: boolean;
	    texts: ChannelText[];
	    media: string[];
	    live: string;
	    published: boolean;
	
	    static createFrom(source: any = {}) {
	        return new DueView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.postId = source["postId"];
	        this.title = source["title"];
	        this.start = source["start"];
	        this.end = source["end"];
	        this.allDay = source["allDay"];
	        this.timeZone = source["timeZone"];
	        this.status = source["status"];
	        this.channels = source["channels"];
	        this.colour = source["colour"];
	        this.initials = source["initials"];
	        this.recurring = source["recurring"];
	        this.original = source["original"];
	        this.moved = source["moved"];
	        this.kind = source["kind"];
	        this.experiment = source["experiment"];
	        this.routine = source["routine"];
	        this.member = source["member"];
	        this.overdue = source["overdue"];
	        this.texts = this.convertValues(source["texts"], ChannelText);
	        this.media = source["media"];
	        this.live = source["live"];
	        this.published = source["published"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DutyView {
	    routine: string;
	    name: string;
	    who: string;
	    start: string;
	    end: string;
	    allDay: boolean;
	
	    static createFrom(source: any = {}) {
	        return new DutyView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.routine = source["routine"];
	        this.name = source["name"];
	        this.who = source["who"];
	        this.start = source["start"];
	        this.end = source["end"];
	        this.allDay = source["allDay"];
	    }
	}
	export class EntryView {
	    postId: string;
	    arm: number;
	    ordinal: number;
	    original: string;
	    start: string;
	    skipped: boolean;
	    status: string;
	    published: boolean;
	    value?: number;
	    note: string;
	    link: string;
	
	    static createFrom(source: any = {}) {
	        return new EntryView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.postId = source["postId"];
	        this.arm = source["arm"];
	        this.ordinal = source["ordinal"];
	        this.original = source["original"];
	        this.start = source["start"];
	        this.skipped = source["skipped"];
	        this.status = source["status"];
	        this.published = source["published"];
	        this.value = source["value"];
	        this.note = source["note"];
	        this.link = source["link"];
	    }
	}
	export class ExperimentEdit {
	    name: string;
	    hypothesis: string;
	    metric: string;
	    baseline: string;
	    target: string;
	    texts: string[];
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new ExperimentEdit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.hypothesis = source["hypothesis"];
	        this.metric = source["metric"];
	        this.baseline = source["baseline"];
	        this.target = source["target"];
	        this.texts = source["texts"];
	        this.count = source["count"];
	    }
	}
	export class PostInput {
	    id: string;
	    updated: string;
	    title: string;
	    body: string;
	    channels: string[];
	    variants: Record<string, string>;
	    date: string;
	    time: string;
	    minutes: number;
	    allDay: boolean;
	    timeZone: string;
	    status: string;
	    assignee: string;
	    tags: string[];
	    notes: string;
	    link: string;
	    live: string;
	    media: string[];
	    rule: string;
	    original: string;
	    scope: string;
	    sequence: number;
	    changed: number;
	    recurring: boolean;
	
	    static createFrom(source: any = {}) {
	        return new PostInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.updated = source["updated"];
	        this.title = source["title"];
	        this.body = source["body"];
	        this.channels = source["channels"];
	        this.variants = source["variants"];
	        this.date = source["date"];
	        this.time = source["time"];
	        this.minutes = source["minutes"];
	        this.allDay = source["allDay"];
	        this.timeZone = source["timeZone"];
	        this.status = source["status"];
	        this.assignee = source["assignee"];
	        this.tags = source["tags"];
	        this.notes = source["notes"];
	        this.link = source["link"];
	        this.live = source["live"];
	        this.media = source["media"];
	        this.rule = source["rule"];
	        this.original = source["original"];
	        this.scope = source["scope"];
	        this.sequence = source["sequence"];
	        this.changed = source["changed"];
	        this.recurring = source["recurring"];
	    }
	}
	export class ExperimentInput {
	    name: string;
	    hypothesis: string;
	    metric: string;
	    baseline: string;
	    target: string;
	    series: PostInput;
	    mode: string;
	    bodyA: string;
	    bodyB: string;
	    dateB: string;
	    timeB: string;
	    ruleB: string;
	
	    static createFrom(source: any = {}) {
	        return new ExperimentInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.hypothesis = source["hypothesis"];
	        this.metric = source["metric"];
	        this.baseline = source["baseline"];
	        this.target = source["target"];
	        this.series = this.convertValues(source["series"], PostInput);
	        this.mode = source["mode"];
	        this.bodyA = source["bodyA"];
	        this.bodyB = source["bodyB"];
	        this.dateB = source["dateB"];
	        this.timeB = source["timeB"];
	        this.ruleB = source["ruleB"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ExperimentView {
	    id: string;
	    name: string;
	    hypothesis: string;
	    metric: string;
	    baseline: number;
	    target: number;
	    state: string;
	    learning: string;
	    arms: ArmView[];
	    entries: EntryView[];
	    remaining: number;
	    next: string;
	    title: string;
	    channels: string[];
	
	    static createFrom(source: any = {}) {
	        return new ExperimentView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.hypothesis = source["hypothesis"];
	        this.metric = source["metric"];
	        this.baseline = source["baseline"];
	        this.target = source["target"];
	        this.state = source["state"];
	        this.learning = source["learning"];
	        this.arms = this.convertValues(source["arms"], ArmView);
	        this.entries = this.convertValues(source["entries"], EntryView);
	        this.remaining = source["remaining"];
	        this.next = source["next"];
	        this.title = source["title"];
	        this.channels = source["channels"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ExperimentWeekView {
	    id: string;
	    name: string;
	    state: string;
	    metric: string;
	    thisWeek: number;
	    next: string;
	    results: number;
	    arms: ArmWeekView[];
	
	    static createFrom(source: any = {}) {
	        return new ExperimentWeekView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.state = source["state"];
	        this.metric = source["metric"];
	        this.thisWeek = source["thisWeek"];
	        this.next = source["next"];
	        this.results = source["results"];
	        this.arms = this.convertValues(source["arms"], ArmWeekView);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ExportReport {
	    bytes: number;
	    cancelled: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ExportReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.bytes = source["bytes"];
	        this.cancelled = source["cancelled"];
	    }
	}
	export class FeedNextView {
	    title: string;
	    start: string;
	    allDay: boolean;
	
	    static createFrom(source: any = {}) {
	        return new FeedNextView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.start = source["start"];
	        this.allDay = source["allDay"];
	    }
	}
	export class FeedHolds {
	    events: number;
	    next: FeedNextView[];
	
	    static createFrom(source: any = {}) {
	        return new FeedHolds(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.events = source["events"];
	        this.next = this.convertValues(source["next"], FeedNextView);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class FeedInput {
	    name: string;
	    campaigns: string[];
	    channels: string[];
	    statuses: string[];
	    assignees: string[];
	    kinds: string[];
	    titlesOnly: boolean;
	
	    static createFrom(source: any = {}) {
	        return new FeedInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.campaigns = source["campaigns"];
	        this.channels = source["channels"];
	        this.statuses = source["statuses"];
	        this.assignees = source["assignees"];
	        this.kinds = source["kinds"];
	        this.titlesOnly = source["titlesOnly"];
	    }
	}
	
	export class FeedView {
	    name: string;
	    httpUrl: string;
	    webcalUrl: string;
	    weekUrl: string;
	    titlesOnly: boolean;
	    campaigns: string[];
	    channels: string[];
	    statuses: string[];
	    assignees: string[];
	    kinds: string[];
	    revoked: boolean;
	
	    static createFrom(source: any = {}) {
	        return new FeedView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.httpUrl = source["httpUrl"];
	        this.webcalUrl = source["webcalUrl"];
	        this.weekUrl = source["weekUrl"];
	        this.titlesOnly = source["titlesOnly"];
	        this.campaigns = source["campaigns"];
	        this.channels = source["channels"];
	        this.statuses = source["statuses"];
	        this.assignees = source["assignees"];
	        this.kinds = source["kinds"];
	        this.revoked = source["revoked"];
	    }
	}
	export class Filter {
	    campaigns: string[];
	    channels: string[];
	    statuses: string[];
	    assignees: string[];
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new Filter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.campaigns = source["campaigns"];
	        this.channels = source["channels"];
	        this.statuses = source["statuses"];
	        this.assignees = source["assignees"];
	        this.text = source["text"];
	    }
	}
	export class FilterChoice {
	    value: string;
	    label: string;
	
	    static createFrom(source: any = {}) {
	        return new FilterChoice(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.value = source["value"];
	        this.label = source["label"];
	    }
	}
	export class FilterChoices {
	    campaigns: FilterChoice[];
	    channels: FilterChoice[];
	    statuses: FilterChoice[];
	    assignees: FilterChoice[];
	    kinds: FilterChoice[];
	
	    static createFrom(source: any = {}) {
	        return new FilterChoices(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.campaigns = this.convertValues(source["campaigns"], FilterChoice);
	        this.channels = this.convertValues(source["channels"], FilterChoice);
	        this.statuses = this.convertValues(source["statuses"], FilterChoice);
	        this.assignees = this.convertValues(source["assignees"], FilterChoice);
	        this.kinds = this.convertValues(source["kinds"], FilterChoice);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class HistoryState {
	    done: string;
	    undo: string;
	    redo: string;
	
	    static createFrom(source: any = {}) {
	        return new HistoryState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.done = source["done"];
	        this.undo = source["undo"];
	        this.redo = source["redo"];
	    }
	}
	export class Idea {
	    id: string;
	    title: string;
	    channels: string[];
	
	    static createFrom(source: any = {}) {
	        return new Idea(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.channels = source["channels"];
	    }
	}
	export class Ideas {
	    total: number;
	    items: Idea[];
	
	    static createFrom(source: any = {}) {
	        return new Ideas(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.total = source["total"];
	        this.items = this.convertValues(source["items"], Idea);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class RowProblem {
	    row: number;
	    column: string;
	    code: string;
	    message: string;
	    format: string;
	    args: string[];
	
	    static createFrom(source: any = {}) {
	        return new RowProblem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.row = source["row"];
	        this.column = source["column"];
	        this.code = source["code"];
	        this.message = source["message"];
	        this.format = source["format"];
	        this.args = source["args"];
	    }
	}
	export class ImportPreview {
	    name: string;
	    format: string;
	    rows: number;
	    posts: number;
	    new: number;
	    updated: number;
	    unchanged: number;
	    older: number;
	    invalid: number;
	    campaigns: string[];
	    channels: string[];
	    members: string[];
	    problems: RowProblem[];
	    moreProblems: number;
	    notes: string[];
	    ignored: string[];
	    encoding: string;
	    encodingSample: string;
	    dates: DatesRead;
	
	    static createFrom(source: any = {}) {
	        return new ImportPreview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.format = source["format"];
	        this.rows = source["rows"];
	        this.posts = source["posts"];
	        this.new = source["new"];
	        this.updated = source["updated"];
	        this.unchanged = source["unchanged"];
	        this.older = source["older"];
	        this.invalid = source["invalid"];
	        this.campaigns = source["campaigns"];
	        this.channels = source["channels"];
	        this.members = source["members"];
	        this.problems = this.convertValues(source["problems"], RowProblem);
	        this.moreProblems = source["moreProblems"];
	        this.notes = source["notes"];
	        this.ignored = source["ignored"];
	        this.encoding = source["encoding"];
	        this.encodingSample = source["encodingSample"];
	        this.dates = this.convertValues(source["dates"], DatesRead);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ImportReport {
	    posts: number;
	    new: number;
	    updated: number;
	    unchanged: number;
	    older: number;
	    keptExperiments: string[];
	    keptRoutines: string[];
	    campaigns: number;
	    channels: number;
	    members: number;
	    leftOut: number;
	    problems: string[];
	    cancelled: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ImportReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.posts = source["posts"];
	        this.new = source["new"];
	        this.updated = source["updated"];
	        this.unchanged = source["unchanged"];
	        this.older = source["older"];
	        this.keptExperiments = source["keptExperiments"];
	        this.keptRoutines = source["keptRoutines"];
	        this.campaigns = source["campaigns"];
	        this.channels = source["channels"];
	        this.members = source["members"];
	        this.leftOut = source["leftOut"];
	        this.problems = source["problems"];
	        this.cancelled = source["cancelled"];
	    }
	}
	export class MemberView {
	    id: string;
	    name: string;
	    email: string;
	    colour: string;
	
	    static createFrom(source: any = {}) {
	        return new MemberView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.email = source["email"];
	        this.colour = source["colour"];
	    }
	}
	export class MoveInput {
	    postId: string;
	    original: string;
	    start: string;
	    end: string;
	    allDay: boolean;
	    scope: string;
	    timeZone: string;
	
	    static createFrom(source: any = {}) {
	        return new MoveInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.postId = source["postId"];
	        this.original = source["original"];
	        this.start = source["start"];
	        this.end = source["end"];
	        this.allDay = source["allDay"];
	        this.scope = source["scope"];
	        this.timeZone = source["timeZone"];
	    }
	}
	export class Notice {
	    key: string;
	    title: string;
	    body: string;
	    postId: string;
	    original: string;
	
	    static createFrom(source: any = {}) {
	        return new Notice(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.title = source["title"];
	        this.body = source["body"];
	        this.postId = source["postId"];
	        this.original = source["original"];
	    }
	}
	export class OccurrenceView {
	    id: string;
	    postId: string;
	    title: string;
	    start: string;
	    end: string;
	    allDay: boolean;
	    timeZone: string;
	    status: string;
	    channels: string[];
	    colour: string;
	    initials: string;
	    recurring: boolean;
	    original: string;
	    moved: boolean;
	    kind: string;
	    experiment: string;
	    routine: string;
	    member: string;
	    overdue: boolean;
	
	    static createFrom(source: any = {}) {
	        return new OccurrenceView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.postId = source["postId"];
	        this.title = source["title"];
	        this.start = source["start"];
	        this.end = source["end"];
	        this.allDay = source["allDay"];
	        this.timeZone = source["timeZone"];
	        this.status = source["status"];
	        this.channels = source["channels"];
	        this.colour = source["colour"];
	        this.initials = source["initials"];
	        this.recurring = source["recurring"];
	        this.original = source["original"];
	        this.moved = source["moved"];
	        this.kind = source["kind"];
	        this.experiment = source["experiment"];
	        this.routine = source["routine"];
	        this.member = source["member"];
	        this.overdue = source["overdue"];
	    }
	}
	
	export class Preferences {
	    language: string;
	    firstDay: number;
	    view: string;
	    filter: Filter;
	    remind: boolean;
	    remindBefore: number;
	    csvSeparator: string;
	
	    static createFrom(source: any = {}) {
	        return new Preferences(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.language = source["language"];
	        this.firstDay = source["firstDay"];
	        this.view = source["view"];
	        this.filter = this.convertValues(source["filter"], Filter);
	        this.remind = source["remind"];
	        this.remindBefore = source["remindBefore"];
	        this.csvSeparator = source["csvSeparator"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PublishProblem {
	    kind: string;
	    message: string;
	    format: string;
	    args: string[];
	
	    static createFrom(source: any = {}) {
	        return new PublishProblem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.message = source["message"];
	        this.format = source["format"];
	        this.args = source["args"];
	    }
	}
	export class PublishedFeedAt {
	    name: string;
	    httpUrl: string;
	    webcalUrl: string;
	    weekUrl: string;
	
	    static createFrom(source: any = {}) {
	        return new PublishedFeedAt(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.httpUrl = source["httpUrl"];
	        this.webcalUrl = source["webcalUrl"];
	        this.weekUrl = source["weekUrl"];
	    }
	}
	export class PublishView {
	    configured: boolean;
	    pending: boolean;
	    publishing: boolean;
	    lastSuccess: string;
	    nextTry: string;
	    problem?: PublishProblem;
	    feeds: PublishedFeedAt[];
	
	    static createFrom(source: any = {}) {
	        return new PublishView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.configured = source["configured"];
	        this.pending = source["pending"];
	        this.publishing = source["publishing"];
	        this.lastSuccess = source["lastSuccess"];
	        this.nextTry = source["nextTry"];
	        this.problem = this.convertValues(source["problem"], PublishProblem);
	        this.feeds = this.convertValues(source["feeds"], PublishedFeedAt);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class PublishedInput {
	    postId: string;
	    original: string;
	    live: string;
	
	    static createFrom(source: any = {}) {
	        return new PublishedInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.postId = source["postId"];
	        this.original = source["original"];
	        this.live = source["live"];
	    }
	}
	export class RecoveryState {
	    needed: boolean;
	    tooNew: boolean;
	    detail: string;
	    dataDir: string;
	    backup: string;
	    backupTaken: string;
	    kept: string;
	
	    static createFrom(source: any = {}) {
	        return new RecoveryState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.needed = source["needed"];
	        this.tooNew = source["tooNew"];
	        this.detail = source["detail"];
	        this.dataDir = source["dataDir"];
	        this.backup = source["backup"];
	        this.backupTaken = source["backupTaken"];
	        this.kept = source["kept"];
	    }
	}
	export class ReminderView {
	    key: string;
	    postId: string;
	    original: string;
	    title: string;
	    channels: string[];
	    start: string;
	    allDay: boolean;
	    before: number;
	
	    static createFrom(source: any = {}) {
	        return new ReminderView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.postId = source["postId"];
	        this.original = source["original"];
	        this.title = source["title"];
	        this.channels = source["channels"];
	        this.start = source["start"];
	        this.allDay = source["allDay"];
	        this.before = source["before"];
	    }
	}
	export class ResultInput {
	    postId: string;
	    original: string;
	    value: string;
	    note: string;
	    link: string;
	
	    static createFrom(source: any = {}) {
	        return new ResultInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.postId = source["postId"];
	        this.original = source["original"];
	        this.value = source["value"];
	        this.note = source["note"];
	        this.link = source["link"];
	    }
	}
	export class RoutineInput {
	    id: string;
	    name: string;
	    kind: string;
	    date: string;
	    time: string;
	    minutes: number;
	    allDay: boolean;
	    timeZone: string;
	    rule: string;
	    members: string[];
	    notes: string;
	
	    static createFrom(source: any = {}) {
	        return new RoutineInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.kind = source["kind"];
	        this.date = source["date"];
	        this.time = source["time"];
	        this.minutes = source["minutes"];
	        this.allDay = source["allDay"];
	        this.timeZone = source["timeZone"];
	        this.rule = source["rule"];
	        this.members = source["members"];
	        this.notes = source["notes"];
	    }
	}
	export class TurnView {
	    original: string;
	    start: string;
	    end: string;
	    member: string;
	    name: string;
	    swapped: boolean;
	
	    static createFrom(source: any = {}) {
	        return new TurnView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.original = source["original"];
	        this.start = source["start"];
	        this.end = source["end"];
	        this.member = source["member"];
	        this.name = source["name"];
	        this.swapped = source["swapped"];
	    }
	}
	export class RoutineView {
	    id: string;
	    name: string;
	    kind: string;
	    date: string;
	    time: string;
	    minutes: number;
	    allDay: boolean;
	    timeZone: string;
	    rule: string;
	    members: string[];
	    notes: string;
	    turns: TurnView[];
	
	    static createFrom(source: any = {}) {
	        return new RoutineView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.kind = source["kind"];
	        this.date = source["date"];
	        this.time = source["time"];
	        this.minutes = source["minutes"];
	        this.allDay = source["allDay"];
	        this.timeZone = source["timeZone"];
	        this.rule = source["rule"];
	        this.members = source["members"];
	        this.notes = source["notes"];
	        this.turns = this.convertValues(source["turns"], TurnView);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class SharingView {
	    mode: string;
	    port: number;
	    running: boolean;
	    baseUrl: string;
	
	    static createFrom(source: any = {}) {
	        return new SharingView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.mode = source["mode"];
	        this.port = source["port"];
	        this.running = source["running"];
	        this.baseUrl = source["baseUrl"];
	    }
	}
	export class StatusCountView {
	    status: string;
	    count: number;
	    last: number;
	    notReady: number;
	
	    static createFrom(source: any = {}) {
	        return new StatusCountView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.status = source["status"];
	        this.count = source["count"];
	        this.last = source["last"];
	        this.notReady = source["notReady"];
	    }
	}
	export class TargetInput {
	    url: string;
	    user: string;
	    password: string;
	    keep: string;
	    publicUrl: string;
	    feeds: string[];
	    language: string;
	
	    static createFrom(source: any = {}) {
	        return new TargetInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.url = source["url"];
	        this.user = source["user"];
	        this.password = source["password"];
	        this.keep = source["keep"];
	        this.publicUrl = source["publicUrl"];
	        this.feeds = source["feeds"];
	        this.language = source["language"];
	    }
	}
	export class TargetView {
	    configured: boolean;
	    url: string;
	    user: string;
	    keep: string;
	    publicUrl: string;
	    feeds: string[];
	    language: string;
	    hasPassword: boolean;
	    keyring: string;
	
	    static createFrom(source: any = {}) {
	        return new TargetView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.configured = source["configured"];
	        this.url = source["url"];
	        this.user = source["user"];
	        this.keep = source["keep"];
	        this.publicUrl = source["publicUrl"];
	        this.feeds = source["feeds"];
	        this.language = source["language"];
	        this.hasPassword = source["hasPassword"];
	        this.keyring = source["keyring"];
	    }
	}
	export class TeamView {
	    campaigns: CampaignView[];
	    members: MemberView[];
	    channels: ChannelView[];
	
	    static createFrom(source: any = {}) {
	        return new TeamView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.campaigns = this.convertValues(source["campaigns"], CampaignView);
	        this.members = this.convertValues(source["members"], MemberView);
	        this.channels = this.convertValues(source["channels"], ChannelView);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class WeekPostView {
	    postId: string;
	    original: string;
	    start: string;
	    day: number;
	    allDay: boolean;
	    title: string;
	    status: string;
	    channels: string[];
	    campaign: string;
	    colour: string;
	    assignee: string;
	    experiment: string;
	    notReady: boolean;
	    overdue: boolean;
	
	    static createFrom(source: any = {}) {
	        return new WeekPostView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.postId = source["postId"];
	        this.original = source["original"];
	        this.start = source["start"];
	        this.day = source["day"];
	        this.allDay = source["allDay"];
	        this.title = source["title"];
	        this.status = source["status"];
	        this.channels = source["channels"];
	        this.campaign = source["campaign"];
	        this.colour = source["colour"];
	        this.assignee = source["assignee"];
	        this.experiment = source["experiment"];
	        this.notReady = source["notReady"];
	        this.overdue = source["overdue"];
	    }
	}
	export class WeekView {
	    week: string;
	    number: number;
	    prev: string;
	    next: string;
	    current: boolean;
	    days: string[];
	    posts: WeekPostView[];
	    total: number;
	    last: number;
	    channels: ChannelWeekView[];
	    statuses: StatusCountView[];
	    notReady: number[];
	    overdue: number[];
	    campaigns: CampaignWeekView[];
	    experiments: ExperimentWeekView[];
	    duties: DutyView[];
	    meetings: DutyView[];
	    emptyDays: number[];
	
	    static createFrom(source: any = {}) {
	        return new WeekView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.week = source["week"];
	        this.number = source["number"];
	        this.prev = source["prev"];
	        this.next = source["next"];
	        this.current = source["current"];
	        this.days = source["days"];
	        this.posts = this.convertValues(source["posts"], WeekPostView);
	        this.total = source["total"];
	        this.last = source["last"];
	        this.channels = this.convertValues(source["channels"], ChannelWeekView);
	        this.statuses = this.convertValues(source["statuses"], StatusCountView);
	        this.notReady = source["notReady"];
	        this.overdue = source["overdue"];
	        this.campaigns = this.convertValues(source["campaigns"], CampaignWeekView);
	        this.experiments = this.convertValues(source["experiments"], ExperimentWeekView);
	        this.duties = this.convertValues(source["duties"], DutyView);
	        this.meetings = this.convertValues(source["meetings"], DutyView);
	        this.emptyDays = source["emptyDays"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

