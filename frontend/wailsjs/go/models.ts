export namespace app {
	
	export class FeedInput {
	    name: string;
	    campaigns: string[];
	    channels: string[];
	    statuses: string[];
	    assignees: string[];
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
	        this.titlesOnly = source["titlesOnly"];
	    }
	}
	export class FeedView {
	    name: string;
	    httpUrl: string;
	    webcalUrl: string;
	    titlesOnly: boolean;
	    campaigns: string[];
	    channels: string[];
	    statuses: string[];
	    assignees: string[];
	    revoked: boolean;
	
	    static createFrom(source: any = {}) {
	        return new FeedView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.httpUrl = source["httpUrl"];
	        this.webcalUrl = source["webcalUrl"];
	        this.titlesOnly = source["titlesOnly"];
	        this.campaigns = source["campaigns"];
	        this.channels = source["channels"];
	        this.statuses = source["statuses"];
	        this.assignees = source["assignees"];
	        this.revoked = source["revoked"];
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
	
	    static createFrom(source: any = {}) {
	        return new FilterChoices(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.campaigns = this.convertValues(source["campaigns"], FilterChoice);
	        this.channels = this.convertValues(source["channels"], FilterChoice);
	        this.statuses = this.convertValues(source["statuses"], FilterChoice);
	        this.assignees = this.convertValues(source["assignees"], FilterChoice);
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
	    campaigns: number;
	    channels: number;
	    problems: string[];
	
	    static createFrom(source: any = {}) {
	        return new ImportReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.posts = source["posts"];
	        this.new = source["new"];
	        this.updated = source["updated"];
	        this.campaigns = source["campaigns"];
	        this.channels = source["channels"];
	        this.problems = source["problems"];
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

}

